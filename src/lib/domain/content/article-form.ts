import {
	articleLimits,
	isArticleSlug,
	publishProblems,
	slugFromTitle,
	type ArticleDraft
} from './article-rules';
import {
	checkReviewFields,
	errorsInOrder,
	readReviewFields,
	reviewedTextOf,
	reviewFieldLabels,
	reviewFormValues,
	type ReviewFormValues
} from './reviewed-form';

export { blankReferenceRows, isCalendarDate, referenceRows } from './reviewed-form';

/*
 * The article editor's form, read from posted fields and checked. The reviewed parts (text,
 * author, reviewer, review date, references) are the same as a condition page's and live in
 * reviewed-form.ts; here are the article's own: title, address, description, related service
 * and `condition-<id>` checkboxes. Error keys are the fields' ids, so the error summary can
 * link to them.
 */

/** What the form shows: the text as typed, so a refused form comes back as it was sent. */
export interface ArticleFormValues extends ReviewFormValues {
	title: string;
	slug: string;
	description: string;
	serviceId: string;
	conditionIds: string[];
}

/** The practitioners, services and conditions an article may name. */
export interface ArticleEditorChoices {
	practitioners: { id: number; name: string; active: boolean }[];
	services: { id: number; name: string }[];
	conditions: { id: number; name: string }[];
}

/** The posted fields as form values; blank reference rows are dropped. */
export function readArticleForm(fields: Record<string, string>): ArticleFormValues {
	const conditionIds: string[] = [];
	for (const [key, value] of Object.entries(fields)) {
		const condition = /^condition-(\d{1,9})$/.exec(key);
		if (condition?.[1] && value !== '') conditionIds.push(condition[1]);
	}
	const text = (name: string) => fields[name] ?? '';
	return {
		title: text('title'),
		slug: text('slug'),
		description: text('description'),
		...readReviewFields(fields),
		serviceId: text('serviceId'),
		conditionIds
	};
}

/** A stored article as form values. */
export function articleFormValues(draft: ArticleDraft): ArticleFormValues {
	return {
		title: draft.title,
		slug: draft.slug,
		description: draft.description,
		...reviewFormValues(draft),
		serviceId: draft.serviceId === null ? '' : String(draft.serviceId),
		conditionIds: draft.conditionIds.map(String)
	};
}

/** How each field is named in the error summary. */
export function articleFieldLabels(values: ArticleFormValues): Record<string, string> {
	return {
		title: 'Title',
		slug: 'Address (slug)',
		description: 'Description',
		...reviewFieldLabels(values),
		serviceId: 'Related service',
		conditions: 'Conditions'
	};
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
	return errorsInOrder(errors, fieldOrder);
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

	const reviewed = checkReviewFields(
		values,
		new Set(choices.practitioners.map((entry) => entry.id)),
		today,
		errors
	);
	// Even a draft article has an author.
	const authorId = reviewed.authorId;
	if (typeof authorId !== 'number') errors.authorId = 'Choose the author.';

	const services = new Set(choices.services.map((entry) => entry.id));
	let serviceId: number | null = null;
	if (values.serviceId.trim() !== '') {
		serviceId = Number(values.serviceId);
		if (!Number.isInteger(serviceId) || !services.has(serviceId)) {
			errors.serviceId = 'Choose a service from the list, or none.';
			serviceId = null;
		}
	}
	const knownConditions = new Set(choices.conditions.map((entry) => entry.id));
	const conditionIds = [...new Set(values.conditionIds.map(Number))];
	if (conditionIds.some((id) => !knownConditions.has(id))) {
		errors.conditions = 'Choose conditions from the list.';
	}

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
			reviewerId: reviewed.reviewerId,
			lastReviewedOn: reviewed.lastReviewedOn,
			serviceId,
			conditionIds,
			references: reviewed.references
		}
	};
}

/**
 * What publishing would still need, read from the form as typed, so that a refused Publish
 * lists every missing thing at once, even beside mistakes in other fields.
 */
export function publishChecklist(values: ArticleFormValues): Record<string, string> {
	const { authorId, ...reviewed } = reviewedTextOf(values);
	return publishProblems({
		...reviewed,
		title: values.title.trim(),
		slug: values.slug.trim(),
		description: values.description,
		// The author is the form's own check: an empty one is "Choose the author".
		authorId: authorId ?? Number.NaN,
		serviceId: null,
		conditionIds: []
	});
}
