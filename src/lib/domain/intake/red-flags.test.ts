import { describe, expect, it } from 'vitest';
import { redFlagQuestions, screenRedFlags, screeningMessages } from './red-flags';

describe('screenRedFlags', () => {
	it('no yes answers: may book, no review, but the message is not an all-clear', () => {
		const screening = screenRedFlags([]);
		expect(screening).toMatchObject({
			outcome: 'none',
			mayBookOnline: true,
			needsClinicianReview: false
		});
		expect(screeningMessages.none.body.join(' ')).toMatch(/not an all-clear/);
	});

	it('any emergency sign stops online booking, whatever else is answered', () => {
		const screening = screenRedFlags(['cancer-history', 'saddle-numbness', 'fever']);
		expect(screening.outcome).toBe('emergency');
		expect(screening.mayBookOnline).toBe(false);
		expect(screening.positives.map((question) => question.id)).toEqual([
			'saddle-numbness',
			'fever',
			'cancer-history'
		]);
		expect(screeningMessages.emergency.title).toMatch(/911/);
	});

	it('same-day signs allow booking with clinician review', () => {
		expect(screenRedFlags(['fever'])).toMatchObject({
			outcome: 'same_day',
			mayBookOnline: true,
			needsClinicianReview: true
		});
	});

	it('within-days signs allow booking with clinician review', () => {
		expect(screenRedFlags(['age-over-50'])).toMatchObject({
			outcome: 'within_days',
			needsClinicianReview: true
		});
	});

	it('ignores ids that are not questions', () => {
		expect(screenRedFlags(['made-up', '__proto__']).outcome).toBe('none');
	});

	it('covers every sign in the brief once, with unique ids', () => {
		const ids = redFlagQuestions.map((question) => question.id);
		expect(new Set(ids).size).toBe(ids.length);
		const counts = { emergency: 0, same_day: 0, within_days: 0 };
		for (const question of redFlagQuestions) counts[question.tier]++;
		expect(counts).toEqual({ emergency: 7, same_day: 3, within_days: 6 });
	});
});
