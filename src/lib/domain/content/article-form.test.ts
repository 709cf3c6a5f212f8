import { describe, expect, it } from 'vitest';
import {
	articleFieldLabels,
	articleFormValues,
	inFormOrder,
	isCalendarDate,
	publishChecklist,
	readArticleForm,
	referenceRows,
	validateArticleForm,
	type ArticleEditorChoices
} from './article-form';

const choices: ArticleEditorChoices = {
	practitioners: [
		{ id: 1, name: 'Mei Lin Okafor', active: true },
		{ id: 2, name: 'Daniel Brandt', active: true }
	],
	services: [{ id: 7, name: 'Follow-up acupuncture' }],
	conditions: [
		{ id: 3, name: 'Back pain' },
		{ id: 4, name: 'Neck pain' }
	]
};
const today = '2026-11-27';

const posted = {
	title: '  Can acupuncture help your back pain?  ',
	slug: '',
	description: 'What research says.',
	body: 'Line one\r\nLine two [1]',
	authorId: '1',
	reviewerId: '2',
	lastReviewedOn: '2026-11-16',
	serviceId: '7',
	'condition-3': 'on',
	'reference-1-citation': 'Mu J, et al. Cochrane Database Syst Rev. 2020.',
	'reference-1-url': 'https://doi.org/10.1002/14651858.CD013814',
	'reference-2-citation': '',
	'reference-2-url': '',
	'reference-3-citation': 'NICE guideline NG59. 2016.',
	'reference-3-url': ''
};

describe('readArticleForm', () => {
	it('reads numbered reference rows in order, dropping blank ones, and checked conditions', () => {
		const values = readArticleForm(posted);
		expect(values.references).toEqual([
			{
				citation: 'Mu J, et al. Cochrane Database Syst Rev. 2020.',
				url: 'https://doi.org/10.1002/14651858.CD013814'
			},
			{ citation: 'NICE guideline NG59. 2016.', url: '' }
		]);
		expect(values.conditionIds).toEqual(['3']);
		expect(values.body).toBe('Line one\nLine two [1]');
	});

	it('offers blank rows after the filled ones so references can be added without script', () => {
		const rows = referenceRows(readArticleForm(posted));
		expect(rows).toHaveLength(5);
		expect(rows.at(-1)).toEqual({ citation: '', url: '' });
		expect(articleFieldLabels(readArticleForm(posted))['reference-5-url']).toBe(
			'Reference 5 address'
		);
	});
});

describe('validateArticleForm', () => {
	it('turns a well-formed form into a draft, the slug made from the title when left empty', () => {
		const result = validateArticleForm(readArticleForm(posted), choices, today);
		expect(result).toEqual({
			kind: 'valid',
			draft: {
				title: 'Can acupuncture help your back pain?',
				slug: 'can-acupuncture-help-your-back-pain',
				description: 'What research says.',
				bodyMarkdown: 'Line one\nLine two [1]',
				authorId: 1,
				reviewerId: 2,
				lastReviewedOn: '2026-11-16',
				serviceId: 7,
				conditionIds: [3],
				references: [
					{
						citation: 'Mu J, et al. Cochrane Database Syst Rev. 2020.',
						url: 'https://doi.org/10.1002/14651858.CD013814'
					},
					{ citation: 'NICE guideline NG59. 2016.', url: null }
				]
			}
		});
	});

	it('saves a draft without reviewer, review date or references', () => {
		const result = validateArticleForm(
			readArticleForm({ title: 'Draft', authorId: '1', reviewerId: '', lastReviewedOn: '' }),
			choices,
			today
		);
		expect(result.kind === 'valid' && result.draft).toMatchObject({
			slug: 'draft',
			reviewerId: null,
			lastReviewedOn: null,
			references: []
		});
	});

	it('explains each field that is wrong, next to the field, in form order', () => {
		const result = validateArticleForm(
			readArticleForm({
				title: 'x',
				slug: 'Not A Slug',
				description: 'd'.repeat(201),
				authorId: '99',
				reviewerId: 'abc',
				lastReviewedOn: '2026-02-30',
				serviceId: '8',
				'condition-5': 'on',
				'reference-1-citation': '',
				'reference-1-url': 'javascript:alert(1)',
				'reference-2-citation': 'Short',
				'reference-2-url': 'https://ok.example'
			}),
			choices,
			today
		);
		expect(result.kind).toBe('invalid');
		const errors = result.kind === 'invalid' ? result.errors : {};
		expect(Object.keys(errors)).toEqual([
			'title',
			'slug',
			'description',
			'authorId',
			'reviewerId',
			'lastReviewedOn',
			'serviceId',
			'conditions',
			'reference-1-citation',
			'reference-1-url',
			'reference-2-citation'
		]);
		expect(errors['reference-1-url']).toMatch(/https:\/\//);
		expect(errors.lastReviewedOn).toMatch(/as a date/);
	});

	it('asks for a title and an author on an empty form, without a second error for the slug', () => {
		const result = validateArticleForm(readArticleForm({}), choices, today);
		expect(result.kind === 'invalid' && Object.keys(result.errors)).toEqual(['title', 'authorId']);
	});

	it.each(['javascript:alert(1)', 'data:text/html,x', 'vbscript:x', 'ftp://x.example/', '/local'])(
		'refuses the reference address %j',
		(url) => {
			const result = validateArticleForm(
				readArticleForm({
					title: 'Title',
					authorId: '1',
					'reference-1-citation': 'A citation long enough.',
					'reference-1-url': url
				}),
				choices,
				today
			);
			expect(result.kind === 'invalid' && result.errors['reference-1-url']).toBeTruthy();
		}
	);

	it('refuses a review date in the future', () => {
		const result = validateArticleForm(
			readArticleForm({ title: 'Title', authorId: '1', lastReviewedOn: '2026-11-28' }),
			choices,
			today
		);
		expect(result.kind === 'invalid' && result.errors.lastReviewedOn).toMatch(/future/);
	});

	it('gives back the stored article as the same form values it was read from', () => {
		const values = readArticleForm({ ...posted, slug: 'back' });
		const result = validateArticleForm(values, choices, today);
		if (result.kind !== 'valid') throw new Error('expected a valid form');
		expect(articleFormValues(result.draft)).toEqual({
			...values,
			title: values.title.trim()
		});
	});
});

describe('isCalendarDate', () => {
	it.each([
		['2026-11-16', true],
		['2024-02-29', true],
		['2026-02-29', false],
		['2026-13-01', false],
		['16/11/2026', false],
		['2026-11-16T00:00', false]
	])('%s is %s', (text, expected) => {
		expect(isCalendarDate(text)).toBe(expected);
	});
});

describe('inFormOrder', () => {
	it('puts reference rows after the other fields, row by row', () => {
		expect(
			Object.keys(
				inFormOrder({ 'reference-2-url': 'x', references: 'x', title: 'x', 'reference-1-url': 'x' })
			)
		).toEqual(['title', 'references', 'reference-1-url', 'reference-2-url']);
	});
});

describe('publishChecklist', () => {
	it('lists what publishing needs from the form as typed, mistakes elsewhere or not', () => {
		expect(
			Object.keys(
				publishChecklist(readArticleForm({ title: 'x', authorId: '1', reviewerId: '1', body: 'a' }))
			)
		).toEqual(['description', 'reviewerId', 'lastReviewedOn', 'references']);
		expect(publishChecklist(readArticleForm(posted))).toEqual({
			description: expect.stringMatching(/50 to 200 characters/)
		});
	});
});
