import { Temporal } from 'temporal-polyfill';
import {
	articleLimits,
	isArticleSlug,
	publishProblems,
	slugFromTitle,
	type ArticleDraft
} from './article-rules';
import { isWebAddress } from './safe-links';

/*
 * The article editor's form, read from posted fields and checked. The form works without
 * JavaScript, so its repeating parts have numbered names: `condition-<id>` checkboxes and
 * `reference-<n>-citation` / `reference-<n>-url` rows, of which blank rows are ignored. Error
 * keys are the fields' ids, so the error summary can link to them.
 */

/** What the form shows: the text as typed, so a refused form comes back as it was sent. */
export interface ArticleFormValues {
	title: string;
	slug: string;
	description: string;
	body: string;
	authorId: string;
	reviewerId: string;
	lastReviewedOn: string;
	serviceId: string;
	conditionIds: string[];
	references: { citation: string; url: string }[];
}

/** The practitioners, services and conditions an article may name. */
export interface ArticleEditorChoices {
	practitioners: { id: number; name: string; active: boolean }[];
	services: { id: number; name: string }[];
	conditions: { id: number; name: string }[];
}

/** Empty reference rows the form always offers, so references can be added without script. */
export const blankReferenceRows = 3;

// A form with more rows than this is not one the editor sent; the rest is ignored.
const maxReferenceRows = articleLimits.references + blankReferenceRows + 20;

/** The posted fields as form values; blank reference rows are dropped. */
export function readArticleForm(fields: Record<string, string>): ArticleFormValues {
	const rows = new Map<number, { citation: string; url: string }>();
	const conditionIds: string[] = [];
	for (const [key, value] of Object.entries(fields)) {
		const reference = /^reference-(\d{1,3})-(citation|url)$/.exec(key);
		if (reference) {
			const n = Number(reference[1]);
			if (n < 1 || n > maxReferenceRows) continue;
			const row = rows.get(n) ?? { citation: '', url: '' };
			row[reference[2] as 'citation' | 'url'] = value;
			rows.set(n, row);
		}
		const condition = /^condition-(\d{1,9})$/.exec(key);
		if (condition?.[1] && value !== '') conditionIds.push(condition[1]);
	}
	const text = (name: string) => fields[name] ?? '';
	return {
		title: text('title'),
		slug: text('slug'),
		description: text('description'),
		// Browsers send line breaks in a textarea as CRLF; store what was typed.
		body: text('body').replace(/\r\n?/g, '\n'),
		authorId: text('authorId'),
		reviewerId: text('reviewerId'),
		lastReviewedOn: text('lastReviewedOn'),
		serviceId: text('serviceId'),
		conditionIds,
		references: [...rows]
			.sort(([a], [b]) => a - b)
			.map(([, row]) => row)
			.filter((row) => row.citation.trim() !== '' || row.url.trim() !== '')
	};
}

/** A stored article as form values. */
export function articleFormValues(draft: ArticleDraft): ArticleFormValues {
	const id = (value: number | null) => (value === null ? '' : String(value));
	return {
		title: draft.title,
		slug: draft.slug,
		description: draft.description,
		body: draft.bodyMarkdown,
		authorId: id(draft.authorId),
		reviewerId: id(draft.reviewerId),
		lastReviewedOn: draft.lastReviewedOn ?? '',
		serviceId: id(draft.serviceId),
		conditionIds: draft.conditionIds.map(String),
		references: draft.references.map((reference) => ({
			citation: reference.citation,
			url: reference.url ?? ''
		}))
	};
}

/** The reference rows the form shows: the filled ones and a few blank ones to add more. */
export function referenceRows(values: ArticleFormValues): { citation: string; url: string }[] {
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

/** How each field is named in the error summary. */
export function articleFieldLabels(values: ArticleFormValues): Record<string, string> {
	const labels: Record<string, string> = {
		title: 'Title',
		slug: 'Address (slug)',
		description: 'Description',
		body: 'Text',
		authorId: 'Author',
		reviewerId: 'Reviewer',
		lastReviewedOn: 'Last reviewed',
		serviceId: 'Related service',
		conditions: 'Conditions',
		references: 'References'
	};
	referenceRows(values).forEach((_row, index) => {
		labels[`reference-${index + 1}-citation`] = `Reference ${index + 1}`;
		labels[`reference-${index + 1}-url`] = `Reference ${index + 1} address`;
	});
	return labels;
}

const fieldOrder = [
	'title',
	'slug',
	'description',
	'body',
	'authorId',
	'reviewerId',
	'lastReviewedOn',
	'serviceId',
	'conditions',
	'references'
];

/** Errors in the order their fields appear on the form, so the summary reads top to bottom. */
export function inFormOrder(errors: Record<string, string>): Record<string, string> {
	const rank = (key: string) => {
		const row = /^reference-(\d+)-(citation|url)$/.exec(key);
		if (row) return fieldOrder.length + Number(row[1]) * 2 + (row[2] === 'url' ? 1 : 0);
		const at = fieldOrder.indexOf(key);
		return at < 0 ? 10_000 : at;
	};
	return Object.fromEntries(Object.entries(errors).sort(([a], [b]) => rank(a) - rank(b)));
}

/**
 * Checks the form field by field: what any saved article needs (a title, an address, an
 * author) and that what was typed is well formed. `today` is the clinic's date: a review
 * cannot have happened in the future. Whether the article is ready to publish is
 * `publishProblems`' question.
 */
export function validateArticleForm(
	values: ArticleFormValues,
	choices: ArticleEditorChoices,
	today: string
): { kind: 'valid'; draft: ArticleDraft } | { kind: 'invalid'; errors: Record<string, string> } {
	const errors: Record<string, string> = {};
	const title = values.title.trim();
	if (title.length < articleLimits.titleMin || title.length > articleLimits.title) {
		errors.title = `Give the article a title of ${articleLimits.titleMin} to ${articleLimits.title} characters.`;
	}
	const slug = values.slug.trim() === '' ? slugFromTitle(title) : values.slug.trim();
	// With neither a slug nor a title, the title's error says it all.
	if (!isArticleSlug(slug) && !(slug === '' && errors.title)) {
		errors.slug = `Write the address as lowercase words joined by hyphens, like can-acupuncture-help-back-pain (at most ${articleLimits.slug} characters).`;
	}
	const description = values.description.trim();
	if (description.length > articleLimits.description) {
		errors.description = `Keep the description to ${articleLimits.description} characters; it has ${description.length}.`;
	}
	if (values.body.length > articleLimits.body) {
		errors.body = `Keep the text under ${articleLimits.body.toLocaleString('en-US')} characters.`;
	}

	const practitioners = new Set(choices.practitioners.map((entry) => entry.id));
	const chosen = (text: string, known: Set<number>): number | null | 'unknown' => {
		if (text.trim() === '') return null;
		const id = Number(text);
		return Number.isInteger(id) && known.has(id) ? id : 'unknown';
	};
	const authorId = chosen(values.authorId, practitioners);
	if (authorId === null || authorId === 'unknown') errors.authorId = 'Choose the author.';
	const reviewerId = chosen(values.reviewerId, practitioners);
	if (reviewerId === 'unknown') errors.reviewerId = 'Choose a reviewer from the list.';
	const serviceId = chosen(values.serviceId, new Set(choices.services.map((entry) => entry.id)));
	if (serviceId === 'unknown') errors.serviceId = 'Choose a service from the list, or none.';
	const knownConditions = new Set(choices.conditions.map((entry) => entry.id));
	const conditionIds = [...new Set(values.conditionIds.map(Number))];
	if (conditionIds.some((id) => !knownConditions.has(id))) {
		errors.conditions = 'Choose conditions from the list.';
	}

	const reviewed = values.lastReviewedOn.trim();
	if (reviewed !== '' && !isCalendarDate(reviewed)) {
		errors.lastReviewedOn = 'Enter the review date as a date, like 2026-11-16.';
	} else if (reviewed > today) {
		errors.lastReviewedOn = 'The review date cannot be in the future.';
	}

	if (values.references.length > articleLimits.references) {
		errors.references = `An article can list at most ${articleLimits.references} references.`;
	}
	const references = values.references.map((row, index) => {
		const n = index + 1;
		const citation = row.citation.trim();
		const url = row.url.trim();
		if (citation.length < articleLimits.citationMin || citation.length > articleLimits.citation) {
			errors[`reference-${n}-citation`] =
				citation === ''
					? 'Write the citation for this address: authors, title, journal or publisher, year.'
					: `Write the full citation (${articleLimits.citationMin} to ${articleLimits.citation} characters): authors, title, journal or publisher, year.`;
		}
		if (url !== '' && (url.length > articleLimits.url || !isWebAddress(url))) {
			errors[`reference-${n}-url`] =
				'Give a web address starting with https:// or http://, or leave it empty.';
		}
		return { citation, url: url === '' ? null : url };
	});

	if (Object.keys(errors).length > 0 || typeof authorId !== 'number') {
		return { kind: 'invalid', errors: inFormOrder(errors) };
	}
	return {
		kind: 'valid',
		draft: {
			title,
			slug,
			description,
			bodyMarkdown: values.body,
			authorId,
			reviewerId: reviewerId === 'unknown' ? null : reviewerId,
			lastReviewedOn: reviewed === '' ? null : reviewed,
			serviceId: serviceId === 'unknown' ? null : serviceId,
			conditionIds,
			references
		}
	};
}

/**
 * What publishing would still need, read from the form as typed, so that a refused Publish
 * lists every missing thing at once, even beside mistakes in other fields.
 */
export function publishChecklist(values: ArticleFormValues): Record<string, string> {
	const id = (text: string) => (text.trim() === '' ? null : Number(text));
	return publishProblems({
		title: values.title.trim(),
		slug: values.slug.trim(),
		description: values.description,
		bodyMarkdown: values.body,
		authorId: id(values.authorId) ?? Number.NaN,
		reviewerId: id(values.reviewerId),
		lastReviewedOn: values.lastReviewedOn.trim() || null,
		serviceId: id(values.serviceId),
		conditionIds: [],
		references: values.references.map((row) => ({ citation: row.citation, url: row.url || null }))
	});
}
