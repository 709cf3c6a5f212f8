import { describe, expect, it } from 'vitest';
import {
	citedReferenceNumbers,
	isArticleSlug,
	publishProblems,
	slugFromTitle,
	type ArticleDraft
} from './article-rules';

const ready: ArticleDraft = {
	title: 'Can acupuncture help your back pain?',
	slug: 'can-acupuncture-help-back-pain',
	description:
		'What research says about acupuncture for back pain: mixed, low-certainty evidence.',
	bodyMarkdown: 'The evidence is mixed [1].',
	authorId: 1,
	reviewerId: 2,
	lastReviewedOn: '2026-11-16',
	serviceId: null,
	conditionIds: [],
	references: [{ citation: 'Mu J, et al. Cochrane Database Syst Rev. 2020.', url: null }]
};

describe('isArticleSlug', () => {
	it.each(['back-pain', 'what-to-expect-at-your-first-visit', 'ng59', 'a'])('accepts %s', (slug) => {
		expect(isArticleSlug(slug)).toBe(true);
	});

	it.each([
		'',
		'Back-Pain',
		'back_pain',
		'back pain',
		'-back',
		'back-',
		'back--pain',
		'café',
		'../admin',
		'a'.repeat(81)
	])('refuses %j', (slug) => {
		expect(isArticleSlug(slug)).toBe(false);
	});
});

describe('slugFromTitle', () => {
	it('turns a title into lowercase words joined by hyphens', () => {
		expect(slugFromTitle('Can acupuncture help your back pain?')).toBe(
			'can-acupuncture-help-your-back-pain'
		);
		expect(slugFromTitle('  Rosa Jiménez: “Needles & you” ')).toBe('rosa-jimenez-needles-you');
		expect(slugFromTitle('<script>alert(1)</script>')).toBe('script-alert-1-script');
	});

	it('cuts a long title at a word, within the slug limit', () => {
		const slug = slugFromTitle('acupuncture '.repeat(20));
		expect(slug.length).toBeLessThanOrEqual(80);
		expect(isArticleSlug(slug)).toBe(true);
	});
});

describe('citedReferenceNumbers', () => {
	it('finds single, listed and ranged citation markers', () => {
		expect(citedReferenceNumbers('One [1], two [2, 3], range [5–7] and [9-10].')).toEqual([
			1, 2, 3, 5, 7, 9, 10
		]);
	});

	it('ignores Markdown links and reference definitions that look like markers', () => {
		expect(citedReferenceNumbers('See [4](https://example.org) and\n\n[5]: https://x.example')).toEqual(
			[]
		);
	});
});

describe('publishProblems', () => {
	it('finds nothing missing in a ready article', () => {
		expect(publishProblems(ready)).toEqual({});
	});

	it('lists everything a published article still lacks, by field', () => {
		const problems = publishProblems({
			...ready,
			description: 'Too short.',
			bodyMarkdown: '  ',
			reviewerId: null,
			lastReviewedOn: null,
			references: []
		});
		expect(Object.keys(problems).sort()).toEqual([
			'body',
			'description',
			'lastReviewedOn',
			'references',
			'reviewerId'
		]);
		expect(problems.references).toMatch(/at least one reference/);
		expect(problems.reviewerId).toMatch(/needs a reviewer/);
	});

	it('refuses a reviewer who is also the author', () => {
		expect(publishProblems({ ...ready, reviewerId: ready.authorId }).reviewerId).toMatch(
			/someone other than the author/
		);
	});

	it('refuses a text that cites references the list does not have', () => {
		expect(publishProblems({ ...ready, bodyMarkdown: 'Mixed [1], see [2, 3].' }).body).toBe(
			'The text cites [2], [3], but the list has 1 reference.'
		);
	});
});
