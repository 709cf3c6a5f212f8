import { describe, expect, it } from 'vitest';
import {
	orderTestimonials,
	showTestimonials,
	typicalResultsNote,
	type PublishedTestimonial
} from './showing';

const testimonial = (over: Partial<PublishedTestimonial>): PublishedTestimonial => ({
	key: 'feedback-1',
	order: 1,
	displayName: 'Maria G.',
	rating: 2,
	words: 'It did not help my back much, but they were honest about it.',
	conditionName: 'Back pain',
	givenOn: '2027-03-01',
	disclosure: null,
	origin: 'invited',
	...over
});

describe('orderTestimonials', () => {
	it('lists the newest first, and the later entry first on the same day', () => {
		const ordered = orderTestimonials([
			testimonial({ order: 1, givenOn: '2027-01-05' }),
			testimonial({ order: 2, givenOn: '2027-03-01' }),
			testimonial({ order: 3, givenOn: '2027-03-01' }),
			testimonial({ order: 4, givenOn: '2026-12-31' })
		]);
		expect(ordered.map((entry) => entry.order)).toEqual([3, 2, 1, 4]);
	});
});

describe('showTestimonials', () => {
	it('shows date, rating, condition and disclosure, critical ones included', () => {
		const [shown] = showTestimonials([
			testimonial({ rating: 1, disclosure: 'Written by a member of our staff.' })
		]);
		expect(shown).toMatchObject({
			givenOn: '2027-03-01',
			rating: 1,
			ratingText: '1 out of 5 stars',
			conditionName: 'Back pain',
			disclosure: 'Written by a member of our staff.',
			marker: null
		});
	});

	it('marks samples and entries from paper authorizations', () => {
		const shown = showTestimonials([
			testimonial({ order: 1, origin: 'sample' }),
			testimonial({ order: 2, origin: 'paper_authorization' })
		]);
		expect(shown.map((entry) => entry.marker)).toEqual([
			'Entered by staff from a signed paper authorization',
			'Sample: written for the demo clinic, not by a patient'
		]);
	});
});

describe('typicalResultsNote', () => {
	it('says results vary, and links to /outcomes when a summary is published', () => {
		const published = typicalResultsNote(true);
		expect(published.text).toMatch(/Results vary/);
		expect(published.link?.href).toBe('/outcomes');
		expect(typicalResultsNote(false).link).toBeNull();
	});
});
