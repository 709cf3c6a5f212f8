/*
 * What the public testimonials page shows. Every published testimonial, critical ones
 * included, newest first, with its date (an old testimonial says so), its rating, the
 * condition, any connection to the clinic, and a marker on entries that did not come through
 * the invitation system. Beside them, a note that results vary: a testimonial about a result
 * implies the result is typical unless the typical result is disclosed (16 CFR 255.2(b)), so
 * the note links to the clinic's outcome summary when one is published.
 */

/** Where a testimonial came from. */
export type TestimonialOrigin = 'invited' | 'sample' | 'paper_authorization';

/** A published testimonial, as read for the page. */
export interface PublishedTestimonial {
	/** Unique across origins, for lists: "feedback-12", "entry-3". */
	key: string;
	/** Orders entries given on the same day, the higher first (a time, or an entry's number). */
	order: number;
	displayName: string;
	rating: number;
	words: string;
	conditionName: string | null;
	/** The date the patient gave it, "2027-03-15". */
	givenOn: string;
	/** The disclosure text (./publication-choice.ts `disclosureText`), or null. */
	disclosure: string | null;
	origin: TestimonialOrigin;
}

/** One testimonial as shown. */
export interface ShownTestimonial extends PublishedTestimonial {
	/** "4 out of 5 stars", for screen readers and for text-only views. */
	ratingText: string;
	/** The marker for entries that did not come through invitation, or null. */
	marker: string | null;
}

export const originMarkers: Record<TestimonialOrigin, string | null> = {
	invited: null,
	sample: 'Sample: written for the demo clinic, not by a patient',
	paper_authorization: 'Entered by staff from a signed paper authorization'
};

/** Newest first by the date given, then by `order` (the later entry first on the same day). */
export function orderTestimonials<T extends Pick<PublishedTestimonial, 'givenOn' | 'order'>>(
	testimonials: readonly T[]
): T[] {
	return [...testimonials].sort((a, b) =>
		a.givenOn === b.givenOn ? b.order - a.order : a.givenOn < b.givenOn ? 1 : -1
	);
}

/** The page's list: ordered, with the rating text and marker of each. */
export function showTestimonials(
	testimonials: readonly PublishedTestimonial[]
): ShownTestimonial[] {
	return orderTestimonials(testimonials).map((testimonial) => ({
		...testimonial,
		ratingText: `${testimonial.rating} out of 5 stars`,
		marker: originMarkers[testimonial.origin]
	}));
}

/** The typical-results note, and the link to the outcome summary when one is published. */
export function typicalResultsNote(outcomeSummaryPublished: boolean): {
	text: string;
	link: { href: '/outcomes'; text: string } | null;
} {
	const text =
		'These are individual patients’ experiences, in their own words. Results vary from person to person, and what happened to one patient may not happen to you.';
	return outcomeSummaryPublished
		? {
				text,
				link: { href: '/outcomes', text: 'See how our patients with back pain did overall' }
			}
		: { text, link: null };
}
