import { describe, expect, it } from 'vitest';
import { checkSubmission, contentIdOf, publicationAfterSave } from './content-editing';

describe('a reviewed text saved in the editor', () => {
	it('is published on the clinic date the first time, and keeps that date ever after', () => {
		expect(publicationAfterSave(true, null, '2027-03-01')).toEqual({
			publication: { status: 'published', publishedOn: '2027-03-01' },
			event: 'published'
		});
		const draft = { status: 'draft' as const, publishedOn: null };
		expect(publicationAfterSave(true, draft, '2027-03-01')).toEqual({
			publication: { status: 'published', publishedOn: '2027-03-01' },
			event: 'published'
		});
		const unpublished = { status: 'draft' as const, publishedOn: '2026-12-01' };
		expect(publicationAfterSave(true, unpublished, '2027-03-01')).toEqual({
			publication: { status: 'published', publishedOn: '2026-12-01' },
			event: 'published'
		});
		const published = { status: 'published' as const, publishedOn: '2026-12-01' };
		expect(publicationAfterSave(true, published, '2027-03-01')).toEqual({
			publication: { status: 'published', publishedOn: '2026-12-01' },
			event: 'saved'
		});
	});

	it('stays a draft when saved, keeping any earlier publication date', () => {
		expect(publicationAfterSave(false, null, '2027-03-01')).toEqual({
			publication: { status: 'draft', publishedOn: null },
			event: 'saved'
		});
		const unpublished = { status: 'draft' as const, publishedOn: '2026-12-01' };
		expect(publicationAfterSave(false, unpublished, '2027-03-01')).toEqual({
			publication: { status: 'draft', publishedOn: '2026-12-01' },
			event: 'saved'
		});
	});

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
		const published = { status: 'published' as const, publishedOn: '2026-12-01' };
		expect(checkSubmission('save', published, valid, checklist)).toEqual({
			publishing: true,
			errors: { reviewerId: 'needs a reviewer' }
		});
		const draft = { status: 'draft' as const, publishedOn: null };
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
