import { Temporal } from 'temporal-polyfill';
import { maxReferences, type ReviewedText } from './review-rules';
import { isWebAddress } from './safe-links';

/*
 * The fields every reviewed health text's form has, articles and condition pages alike: the
 * text, author, reviewer, review date and the numbered reference rows. The forms work without
 * JavaScript, so the rows are numbered fields (`reference-<n>-citation`, `reference-<n>-url`)
 * with a few blank ones always offered; blank rows are ignored. Error keys are the fields' ids.
 */

/** The reviewed fields as typed, so a refused form comes back as it was sent. */
export interface ReviewFormValues {
	body: string;
	authorId: string;
	reviewerId: string;
	lastReviewedOn: string;
	references: { citation: string; url: string }[];
}

/** How long a citation and its address may be. */
export const referenceLimits = { citationMin: 10, citation: 500, url: 500 } as const;

/** Empty reference rows the form always offers, so references can be added without script. */
export const blankReferenceRows = 3;

// A form with more rows than this is not one an editor sent; the rest is ignored.
const maxReferenceRows = maxReferences + blankReferenceRows + 20;

/** The posted reviewed fields as form values; blank reference rows are dropped. */
export function readReviewFields(fields: Record<string, string>): ReviewFormValues {
	const rows = new Map<number, { citation: string; url: string }>();
	for (const [key, value] of Object.entries(fields)) {
		const reference = /^reference-(\d{1,3})-(citation|url)$/.exec(key);
		if (!reference) continue;
		const n = Number(reference[1]);
		if (n < 1 || n > maxReferenceRows) continue;
		const row = rows.get(n) ?? { citation: '', url: '' };
		row[reference[2] as 'citation' | 'url'] = value;
		rows.set(n, row);
	}
	const text = (name: string) => fields[name] ?? '';
	return {
		// Browsers send line breaks in a textarea as CRLF; store what was typed.
		body: text('body').replace(/\r\n?/g, '\n'),
		authorId: text('authorId'),
		reviewerId: text('reviewerId'),
		lastReviewedOn: text('lastReviewedOn'),
		references: [...rows]
			.sort(([a], [b]) => a - b)
			.map(([, row]) => row)
			.filter((row) => row.citation.trim() !== '' || row.url.trim() !== '')
	};
}

/** A stored text's reviewed fields as form values. */
export function reviewFormValues(text: ReviewedText): ReviewFormValues {
	const id = (value: number | null) => (value === null ? '' : String(value));
	return {
		body: text.bodyMarkdown,
		authorId: id(text.authorId),
		reviewerId: id(text.reviewerId),
		lastReviewedOn: text.lastReviewedOn ?? '',
		references: text.references.map((reference) => ({
			citation: reference.citation,
			url: reference.url ?? ''
		}))
	};
}

/** The reference rows the form shows: the filled ones and a few blank ones to add more. */
export function referenceRows(values: {
	references: { citation: string; url: string }[];
}): { citation: string; url: string }[] {
	const blank = Array.from({ length: blankReferenceRows }, () => ({ citation: '', url: '' }));
	return [...values.references, ...blank];
}

/** Whether text is a real calendar date written 'YYYY-MM-DD'. */
export function isCalendarDate(text: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
	try {
		Temporal.PlainDate.from(text, { overflow: 'reject' });
		return true;
	} catch {
		return false;
	}
}

/** How the reviewed fields are named in an error summary. */
export function reviewFieldLabels(values: ReviewFormValues): Record<string, string> {
	const labels: Record<string, string> = {
		body: 'Text',
		authorId: 'Author',
		reviewerId: 'Reviewer',
		lastReviewedOn: 'Last reviewed',
		references: 'References'
	};
	referenceRows(values).forEach((_row, index) => {
		labels[`reference-${index + 1}-citation`] = `Reference ${index + 1}`;
		labels[`reference-${index + 1}-url`] = `Reference ${index + 1} address`;
	});
	return labels;
}

/** Sorts error keys: named fields in `order`, then the reference rows in their order. */
export function errorsInOrder(
	errors: Record<string, string>,
	order: readonly string[]
): Record<string, string> {
	const rank = (key: string) => {
		const row = /^reference-(\d+)-(citation|url)$/.exec(key);
		if (row) return order.length + Number(row[1]) * 2 + (row[2] === 'url' ? 1 : 0);
		const at = order.indexOf(key);
		return at < 0 ? 10_000 : at;
	};
	return Object.fromEntries(Object.entries(errors).sort(([a], [b]) => rank(a) - rank(b)));
}

/** The reviewed fields checked, or 'unknown' for a practitioner not in the list. */
export interface CheckedReviewFields {
	authorId: number | null | 'unknown';
	reviewerId: number | null;
	lastReviewedOn: string | null;
	references: { citation: string; url: string | null }[];
}

/**
 * Checks the reviewed fields as typed and adds what is wrong to `errors`: practitioners from
 * `practitionerIds`, a real review date no later than `today` (the clinic's date), at most
 * `maxReferences` references, each with a full citation and an optional web address. Whether
 * the text is ready to publish is `reviewProblems`' question.
 */
export function checkReviewFields(
	values: ReviewFormValues,
	practitionerIds: ReadonlySet<number>,
	today: string,
	errors: Record<string, string>
): CheckedReviewFields {
	const chosen = (text: string): number | null | 'unknown' => {
		if (text.trim() === '') return null;
		const id = Number(text);
		return Number.isInteger(id) && practitionerIds.has(id) ? id : 'unknown';
	};
	const authorId = chosen(values.authorId);
	if (authorId === 'unknown') errors.authorId = 'Choose the author from the list.';
	const reviewerId = chosen(values.reviewerId);
	if (reviewerId === 'unknown') errors.reviewerId = 'Choose a reviewer from the list.';

	const reviewed = values.lastReviewedOn.trim();
	if (reviewed !== '' && !isCalendarDate(reviewed)) {
		errors.lastReviewedOn = 'Enter the review date as a date, like 2026-11-16.';
	} else if (reviewed > today) {
		errors.lastReviewedOn = 'The review date cannot be in the future.';
	}

	if (values.references.length > maxReferences) {
		errors.references = `List at most ${maxReferences} references.`;
	}
	const references = values.references.map((row, index) => {
		const n = index + 1;
		const citation = row.citation.trim();
		const url = row.url.trim();
		if (
			citation.length < referenceLimits.citationMin ||
			citation.length > referenceLimits.citation
		) {
			errors[`reference-${n}-citation`] =
				citation === ''
					? 'Write the citation for this address: authors, title, journal or publisher, year.'
					: `Write the full citation (${referenceLimits.citationMin} to ${referenceLimits.citation} characters): authors, title, journal or publisher, year.`;
		}
		if (url !== '' && (url.length > referenceLimits.url || !isWebAddress(url))) {
			errors[`reference-${n}-url`] =
				'Give a web address starting with https:// or http://, or leave it empty.';
		}
		return { citation, url: url === '' ? null : url };
	});
	return {
		authorId,
		reviewerId: reviewerId === 'unknown' ? null : reviewerId,
		lastReviewedOn: reviewed === '' || errors.lastReviewedOn ? null : reviewed,
		references
	};
}

/**
 * The reviewed fields as typed, in the shape the review rule reads, so that a refused Publish
 * lists every missing thing at once, even beside mistakes in other fields.
 */
export function reviewedTextOf(values: ReviewFormValues): ReviewedText {
	const id = (text: string) => {
		if (text.trim() === '') return null;
		// Something typed that is not a known id still counts as chosen: its own error says so.
		return Number.isInteger(Number(text)) ? Number(text) : Number.NaN;
	};
	return {
		bodyMarkdown: values.body,
		authorId: id(values.authorId),
		reviewerId: id(values.reviewerId),
		lastReviewedOn: values.lastReviewedOn.trim() || null,
		references: values.references.map((row) => ({ citation: row.citation, url: row.url || null }))
	};
}
