import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	declineReasonLabels,
	declineReasons,
	summarizeModeration,
	validateModerationDecision
} from './moderation';

const authorised = { authorizationInEffect: true, rating: 4, words: 'Kind and thorough.' };

describe('validateModerationDecision', () => {
	it('publishes with an optional note', () => {
		expect(validateModerationDecision(authorised, { decision: 'publish' })).toEqual({
			ok: true,
			data: { decision: 'publish', note: null }
		});
		expect(
			validateModerationDecision(authorised, {
				decision: 'publish',
				note: '  Checked the disclosure with the patient by phone.  '
			})
		).toEqual({
			ok: true,
			data: { decision: 'publish', note: 'Checked the disclosure with the patient by phone.' }
		});
		const long = validateModerationDecision(authorised, {
			decision: 'publish',
			note: 'x'.repeat(501)
		});
		expect(long.ok).toBe(false);
		if (!long.ok) expect(long.errors.note).toMatch(/under 500 characters/);
	});

	it('declines only with a reason from the list', () => {
		expect(
			validateModerationDecision(authorised, {
				decision: 'decline',
				reason: 'other_person_details',
				note: 'Names her sister’s diagnosis.'
			})
		).toEqual({
			ok: true,
			data: {
				decision: 'decline',
				reason: 'other_person_details',
				note: 'Names her sister’s diagnosis.'
			}
		});
		const missing = validateModerationDecision(authorised, { decision: 'decline' });
		expect(missing.ok).toBe(false);
		if (!missing.ok) expect(missing.errors.reason).toMatch(/listed reasons/);
	});

	it('has no reason for a low rating or criticism', () => {
		for (const reason of ['negative', 'low_rating', 'criticism', 'unfair', 'inaccurate']) {
			expect(validateModerationDecision(authorised, { decision: 'decline', reason }).ok).toBe(
				false
			);
		}
		expect(declineReasons).not.toContain('negative');
	});

	it('refuses to publish without an authorization in effect', () => {
		const result = validateModerationDecision(
			{ ...authorised, authorizationInEffect: false },
			{ decision: 'publish' }
		);
		expect(result.ok).toBe(false);
	});

	it('any rating from 1 to 5, with any words, can be published (property)', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 5 }),
				fc.string({ minLength: 10, maxLength: 2000 }),
				fc.option(fc.string({ maxLength: 500 }), { nil: undefined }),
				(rating, words, note) => {
					// The validator is handed the rating and the words; whatever they are, it publishes.
					const result = validateModerationDecision(
						{ authorizationInEffect: true, rating, words },
						{ decision: 'publish', note }
					);
					return (
						result.ok &&
						result.data.decision === 'publish' &&
						result.data.note === (note?.trim() ? note.trim() : null)
					);
				}
			)
		);
	});

	it('declines a health claim we cannot support whatever the rating (property)', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 5 }),
				fc.string({ minLength: 10, maxLength: 2000 }),
				(rating, words) => {
					const result = validateModerationDecision(
						{ authorizationInEffect: true, rating, words },
						{ decision: 'decline', reason: 'unsupported_health_claim' }
					);
					return (
						result.ok &&
						result.data.decision === 'decline' &&
						result.data.reason === 'unsupported_health_claim'
					);
				}
			)
		);
	});

	it('declines a 5-star and a 1-star claim with the same neutral reason', () => {
		const cure = { ...authorised, rating: 5, words: 'Three needles and my sciatica was cured.' };
		const harm = { ...authorised, rating: 1, words: 'The needles gave me sciatica for good.' };
		const decisions = [cure, harm].map((subject) =>
			validateModerationDecision(subject, {
				decision: 'decline',
				reason: 'unsupported_health_claim'
			})
		);
		expect(decisions).toEqual([
			{ ok: true, data: { decision: 'decline', reason: 'unsupported_health_claim', note: null } },
			{ ok: true, data: { decision: 'decline', reason: 'unsupported_health_claim', note: null } }
		]);
		// The label speaks of the claim, never of the rating or of criticism.
		expect(declineReasonLabels.unsupported_health_claim).toBe(
			'Makes a health claim we cannot support'
		);
		expect(declineReasonLabels.unsupported_health_claim).not.toMatch(
			/negative|rating|star|critic|complain|unfair/i
		);
	});

	it('no reason outside the fixed list is accepted (property)', () => {
		fc.assert(
			fc.property(
				fc.string().filter((text) => !(declineReasons as readonly string[]).includes(text.trim())),
				(reason) => !validateModerationDecision(authorised, { decision: 'decline', reason }).ok
			)
		);
	});
});

describe('summarizeModeration', () => {
	it('counts the latest decision per feedback, every reason listed', () => {
		const summary = summarizeModeration([
			{ id: 1, feedbackId: 10, decision: 'decline', reason: 'spam_or_advertising' },
			{ id: 2, feedbackId: 11, decision: 'publish', reason: null },
			{ id: 3, feedbackId: 12, decision: 'decline', reason: 'abuse' },
			{ id: 4, feedbackId: 10, decision: 'publish', reason: null },
			{ id: 5, feedbackId: 13, decision: 'decline', reason: 'abuse' }
		]);
		expect(summary).toEqual({
			published: 2,
			declined: 2,
			byReason: {
				other_person_details: 0,
				abuse: 2,
				spam_or_advertising: 0,
				off_topic: 0,
				patient_asked: 0,
				unsupported_health_claim: 0
			}
		});
	});

	it('counts the latest decision by its number, whatever order the rows come in', () => {
		// Newest first, as a query ordered by date descending would return them.
		const summary = summarizeModeration([
			{ id: 6, feedbackId: 20, decision: 'decline', reason: 'unsupported_health_claim' },
			{ id: 5, feedbackId: 21, decision: 'publish', reason: null },
			{ id: 3, feedbackId: 20, decision: 'publish', reason: null },
			{ id: 2, feedbackId: 21, decision: 'decline', reason: 'off_topic' },
			{ id: 4, feedbackId: 22, decision: 'publish', reason: null },
			{ id: 7, feedbackId: 22, decision: 'decline', reason: 'abuse' },
			{ id: 1, feedbackId: 22, decision: 'decline', reason: 'spam_or_advertising' }
		]);
		expect(summary).toEqual({
			published: 1,
			declined: 2,
			byReason: {
				other_person_details: 0,
				abuse: 1,
				spam_or_advertising: 0,
				off_topic: 0,
				patient_asked: 0,
				unsupported_health_claim: 1
			}
		});
	});

	it('is all zeros with no decisions', () => {
		expect(summarizeModeration([]).declined).toBe(0);
	});
});
