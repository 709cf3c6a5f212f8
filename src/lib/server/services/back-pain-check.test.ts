import { describe, expect, it } from 'vitest';
import { redFlagQuestions } from '$lib/domain/intake/red-flags';
import { checkBackPain } from './back-pain-check';

const allNo = () => Object.fromEntries(redFlagQuestions.map((question) => [question.id, 'no']));

describe('checkBackPain', () => {
	it('needs an answer to every question, and names the unanswered ones', () => {
		const form: Record<string, string | null> = allNo();
		form['fever'] = null;
		form['urination'] = 'maybe';
		const result = checkBackPain(form);
		expect(result.ok).toBe(false);
		if (!result.ok) expect(Object.keys(result.errors).sort()).toEqual(['fever', 'urination']);
		expect(result.answers['cancer-history']).toBe('no');
	});

	it('screens complete answers', () => {
		const result = checkBackPain({ ...allNo(), 'leg-weakness': 'yes' });
		expect(result.ok && result.screening.outcome).toBe('emergency');
	});
});
