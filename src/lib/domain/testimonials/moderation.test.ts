import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { declineReasons, summarizeModeration, validateModerationDecision } from './moderation';

const authorised = { authorizationInEffect: true };

describe('validateModerationDecision', () => {
	it('publishes with an optional note', () => {
		expect(validateModerationDecision(authorised, { decision: 'publish' })).toEqual({
			ok: true,
			data: { decision: 'publish', note: null }
		});
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
			{ authorizationInEffect: false },
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
				(_rating, _words, note) => {
					// The validator never sees the rating or the words: that is the property.
					const result = validateModerationDecision(authorised, { decision: 'publish', note });
					return result.ok && result.data.decision === 'publish';
				}
			)
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
				patient_asked: 0
			}
		});
	});

	it('is all zeros with no decisions', () => {
		expect(summarizeModeration([]).declined).toBe(0);
	});
});
