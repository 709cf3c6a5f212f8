import { describe, expect, it } from 'vitest';
import {
	conditionFormValues,
	conditionPublishChecklist,
	conditionPublishProblems,
	readConditionForm,
	validateConditionForm,
	type ConditionDraft
} from './condition-page';
import { reviewProblems } from './review-rules';

const ready: ConditionDraft = {
	name: 'Back pain',
	summary: 'Acupuncture for low back pain, with honest evidence and clear warning signs.',
	bodyMarkdown: 'A Cochrane review found a small difference [1].',
	authorId: 1,
	reviewerId: 2,
	lastReviewedOn: '2027-02-20',
	references: [{ citation: 'Mu J, et al. Cochrane Database Syst Rev. 2020.', url: null }]
};
const practitioners = new Set([1, 2]);
const today = '2027-03-01';

describe('conditionPublishProblems', () => {
	it('has nothing to say about a complete page', () => {
		expect(conditionPublishProblems(ready)).toEqual({});
	});

	it('needs an author, a reviewer, a review date, references and a summary', () => {
		const problems = conditionPublishProblems({
			...ready,
			summary: 'Too short',
			authorId: null,
			reviewerId: null,
			lastReviewedOn: null,
			references: []
		});
		expect(Object.keys(problems).sort()).toEqual([
			'authorId',
			'body',
			'lastReviewedOn',
			'references',
			'reviewerId',
			'summary'
		]);
		expect(problems.authorId).toMatch(/condition page needs an author/);
		// The text cites [1] but no reference is listed.
		expect(problems.body).toMatch(/cites \[1\]/);
	});

	it('refuses the author as their own reviewer', () => {
		expect(conditionPublishProblems({ ...ready, reviewerId: 1 }).reviewerId).toBe(
			'The reviewer must be someone other than the author.'
		);
	});

	it('is the same rule as an article’s, named for what it checks', () => {
		const { summary: _summary, name: _name, ...text } = ready;
		const lacking = { ...text, reviewerId: null };
		expect(reviewProblems(lacking, 'article').reviewerId).toMatch(/published article/);
		expect(conditionPublishProblems({ ...ready, reviewerId: null }).reviewerId).toBe(
			reviewProblems(lacking, 'condition page').reviewerId
		);
	});
});

describe('the condition page form', () => {
	it('reads a posted form and gives it back for a stored page', () => {
		const values = readConditionForm({
			name: 'Back pain',
			summary: ready.summary,
			body: 'Line one\r\nLine two',
			authorId: '1',
			reviewerId: '',
			lastReviewedOn: '',
			'reference-1-citation': 'Mu J, et al. Cochrane 2020.',
			'reference-1-url': '',
			'reference-2-citation': '',
			'reference-2-url': ''
		});
		expect(values.body).toBe('Line one\nLine two');
		expect(values.references).toEqual([{ citation: 'Mu J, et al. Cochrane 2020.', url: '' }]);
		expect(conditionFormValues(ready)).toMatchObject({ authorId: '1', reviewerId: '2' });
	});

	it('saves a draft without an author (shipped pages start so)', () => {
		const values = conditionFormValues({ ...ready, authorId: null, reviewerId: null });
		const result = validateConditionForm(values, practitioners, today);
		expect(result).toMatchObject({ kind: 'valid', draft: { authorId: null, reviewerId: null } });
	});

	it('refuses an unknown practitioner, a future review date and a bad address', () => {
		const values = {
			...conditionFormValues(ready),
			name: 'X',
			authorId: '7',
			lastReviewedOn: '2027-03-02',
			references: [{ citation: 'Mu J, et al. Cochrane 2020.', url: 'javascript:alert(1)' }]
		};
		const result = validateConditionForm(values, practitioners, today);
		expect(result).toMatchObject({
			kind: 'invalid',
			errors: {
				name: /name of 2 to 80/,
				authorId: 'Choose the author from the list.',
				lastReviewedOn: 'The review date cannot be in the future.',
				'reference-1-url': /https:\/\//
			}
		});
		if (result.kind === 'invalid') {
			// In the order of the form, so the summary reads top to bottom.
			expect(Object.keys(result.errors)).toEqual([
				'name',
				'authorId',
				'lastReviewedOn',
				'reference-1-url'
			]);
		}
	});

	it('lists what publishing still needs, from the form as typed', () => {
		const values = { ...conditionFormValues(ready), reviewerId: '', lastReviewedOn: '' };
		expect(Object.keys(conditionPublishChecklist(values))).toEqual([
			'reviewerId',
			'lastReviewedOn'
		]);
		expect(conditionPublishChecklist(conditionFormValues(ready))).toEqual({});
	});
});
