import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import {
	bookingGate,
	newCheckReplacesToken,
	outcomeLabels,
	questionsAnsweredYes,
	screeningExpiresAt,
	screeningLifetimeHours
} from './screening-and-booking';

const checkedAt = Temporal.Instant.from('2027-03-01T15:00:00Z');
const later = (hours: number) => checkedAt.add({ minutes: Math.round(hours * 60) });
const check = (outcome: 'emergency' | 'same_day' | 'within_days' | 'none') => ({
	id: 7,
	outcome,
	screenedAt: checkedAt
});

describe('bookingGate', () => {
	it('no check: booking goes ahead unchanged', () => {
		expect(bookingGate(null, checkedAt)).toEqual({ kind: 'no_check' });
	});

	it('an emergency outcome closes online booking for the lifetime of the check', () => {
		expect(bookingGate(check('emergency'), later(1))).toEqual({
			kind: 'emergency',
			screeningId: 7,
			until: later(screeningLifetimeHours)
		});
		expect(bookingGate(check('emergency'), later(23.9)).kind).toBe('emergency');
	});

	it('an emergency outcome stops counting once its lifetime is over', () => {
		expect(bookingGate(check('emergency'), later(screeningLifetimeHours))).toEqual({
			kind: 'no_check'
		});
	});

	it('same-day and within-days outcomes link the booking and flag it for review', () => {
		for (const outcome of ['same_day', 'within_days'] as const) {
			expect(bookingGate(check(outcome), later(2))).toEqual({
				kind: 'link',
				screeningId: 7,
				needsClinicianReview: true
			});
		}
	});

	it('a "none" outcome links the booking without a flag', () => {
		expect(bookingGate(check('none'), later(2))).toEqual({
			kind: 'link',
			screeningId: 7,
			needsClinicianReview: false
		});
	});

	it('a check older than its lifetime is ignored, whatever the cookie says', () => {
		expect(bookingGate(check('within_days'), later(25))).toEqual({ kind: 'no_check' });
	});

	it('a check dated in the future (a clock gone wrong) is ignored', () => {
		expect(bookingGate(check('none'), later(-1))).toEqual({ kind: 'no_check' });
	});
});

describe('newCheckReplacesToken', () => {
	it('answering again does not lift an emergency block', () => {
		expect(newCheckReplacesToken(bookingGate(check('emergency'), later(1)))).toBe(false);
	});

	it('answering again replaces any other check, and an expired emergency one', () => {
		expect(newCheckReplacesToken({ kind: 'no_check' })).toBe(true);
		expect(newCheckReplacesToken(bookingGate(check('within_days'), later(1)))).toBe(true);
		expect(newCheckReplacesToken(bookingGate(check('emergency'), later(30)))).toBe(true);
	});
});

describe('questionsAnsweredYes', () => {
	it('lists the yes answers in the order asked, with their texts, ignoring unknown ids', () => {
		const yes = questionsAnsweredYes({
			'weight-loss': 'yes',
			fever: 'yes',
			urination: 'no',
			invented: 'yes'
		});
		expect(yes.map((question) => question.id)).toEqual(['fever', 'weight-loss']);
		expect(yes[0]?.text).toMatch(/fever/);
	});
});

describe('labels', () => {
	it('names every outcome for staff, and the check counts for 24 hours', () => {
		expect(Object.keys(outcomeLabels).sort()).toEqual([
			'emergency',
			'none',
			'same_day',
			'within_days'
		]);
		expect(screeningExpiresAt(checkedAt).toString()).toBe('2027-03-02T15:00:00Z');
	});
});
