import { describe, expect, it } from 'vitest';
import { parseFeedbackForm } from './feedback-form';

const conditions = ['back-pain', 'neck-pain'];
const words = 'Kind staff, and my back is a little better.';

describe('parseFeedbackForm', () => {
	it('accepts a rating, words and a condition from the list', () => {
		expect(parseFeedbackForm({ rating: '4', words, condition: 'back-pain' }, conditions)).toEqual({
			ok: true,
			data: { rating: 4, words, condition: 'back-pain' }
		});
	});

	it('treats a blank condition as not given', () => {
		const result = parseFeedbackForm({ rating: '1', words, condition: '' }, conditions);
		expect(result).toEqual({ ok: true, data: { rating: 1, words, condition: null } });
	});

	it('accepts every rating from 1 to 5, critical ones included', () => {
		for (const rating of ['1', '2', '3', '4', '5']) {
			expect(parseFeedbackForm({ rating, words }, conditions).ok).toBe(true);
		}
	});

	it('gives a message for each field that is wrong', () => {
		const result = parseFeedbackForm(
			{ rating: '6', words: 'short', condition: 'knees' },
			conditions
		);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(Object.keys(result.errors).sort()).toEqual(['condition', 'rating', 'words']);
		expect(result.errors.rating).toMatch(/1 to 5/);
		expect(result.errors.words).toMatch(/at least 10/);
	});

	it('refuses a missing rating and words over 2,000 characters', () => {
		const result = parseFeedbackForm({ words: 'x'.repeat(2001) }, conditions);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.errors.rating).toBeDefined();
		expect(result.errors.words).toMatch(/2,000/);
	});

	it('trims the words before counting them', () => {
		const result = parseFeedbackForm({ rating: '3', words: `   ${'a'.repeat(9)}   ` }, conditions);
		expect(result.ok).toBe(false);
	});

	it('reads the first value of a repeated field', () => {
		const result = parseFeedbackForm({ rating: ['2', '5'], words }, conditions);
		expect(result.ok && result.data.rating).toBe(2);
	});
});
