import { describe, expect, it } from 'vitest';
import { checkSubmission, contentIdOf, publicationAfterSave } from './content-editing';

describe('a reviewed text saved in the editor', () => {
	const draft = { status: 'draft' as const, publishedOn: null };
	const unpublished = { status: 'draft' as const, publishedOn: '2026-12-01' };
	const published = { status: 'published' as const, publishedOn: '2026-12-01' };
	const today = '2027-03-01';

	it.each([
		['a new text', null, today, 'published'],
		['a draft', draft, today, 'published'],
		['an unpublished text', unpublished, '2026-12-01', 'published'],
		['a published text', published, '2026-12-01', 'saved']
	] as const)(
		'is published on the clinic date the first time, and keeps that date ever after: %s',
		(_what, before, publishedOn, event) => {
			expect(publicationAfterSave(true, before, today)).toEqual({
				publication: { status: 'published', publishedOn },
				event
			});
		}
	);

	it.each([
		['a new text', null, null],
		['an unpublished text', unpublished, '2026-12-01']
	] as const)(
		'stays a draft when saved, keeping any earlier publication date: %s',
		(_what, before, publishedOn) => {
			expect(publicationAfterSave(false, before, today)).toEqual({
				publication: { status: 'draft', publishedOn },
				event: 'saved'
			});
		}
	);

	it('is checked for publishing when published or being published, beside the form errors', () => {
		const checklist = () => ({ reviewerId: 'needs a reviewer' });
		const invalid = { kind: 'invalid' as const, errors: { title: 'too short' } };
		const valid = { kind: 'valid' as const };
		expect(checkSubmission('save', null, invalid, checklist)).toEqual({
			publishing: false,
			errors: { title: 'too short' }
		});
		expect(checkSubmission('publish', null, invalid, checklist)).toEqual({
			publishing: true,
			errors: { reviewerId: 'needs a reviewer', title: 'too short' }
		});
		expect(checkSubmission('save', published, valid, checklist)).toEqual({
			publishing: true,
			errors: { reviewerId: 'needs a reviewer' }
		});
		expect(checkSubmission('save', draft, valid, checklist)).toEqual({
			publishing: false,
			errors: {}
		});
	});
});

describe('a content number from the address', () => {
	it('is a positive whole number of at most ten digits', () => {
		expect(contentIdOf('42')).toBe(42);
		for (const text of ['0', '007', '-1', '1.5', 'abc', '', '12345678901']) {
			expect(contentIdOf(text)).toBeNull();
		}
	});
});
