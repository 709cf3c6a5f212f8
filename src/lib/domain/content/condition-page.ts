import { reviewProblems, type ReviewedText } from './review-rules';
import {
	checkReviewFields,
	errorsInOrder,
	readReviewFields,
	reviewedTextOf,
	reviewFieldLabels,
	reviewFormValues,
	type ReviewFormValues
} from './reviewed-form';

/*
 * A condition page (back pain, headaches...) is health content like an article: a real clinic
 * publishes one only once it has an author, a second practitioner who reviewed it, a review
 * date and references (issue 14 item 17, issue 13). Its address and booking link stay as
 * shipped; the editor changes its name, summary, text and the reviewed parts.
 */

/** How long each part of a condition page may be. */
export const conditionLimits = {
	nameMin: 2,
	name: 80,
	summaryMin: 20,
	summary: 200,
	body: 50_000
} as const;

export type ConditionStatus = 'draft' | 'published';

/** A condition page as staff wrote it, checked field by field but not necessarily ready. */
export interface ConditionDraft extends ReviewedText {
	name: string;
	summary: string;
}

/** The condition editor's form values, as typed. */
export interface ConditionFormValues extends ReviewFormValues {
	name: string;
	summary: string;
}

/**
 * What a condition page still lacks before patients may read it, by form field, or an empty
 * record when it is ready. A published page must stay ready, so saving one checks this too.
 */
export function conditionPublishProblems(draft: ConditionDraft): Record<string, string> {
	const problems: Record<string, string> = {};
	if (draft.summary.trim().length < conditionLimits.summaryMin) {
		problems.summary = `A published condition page needs a summary of ${conditionLimits.summaryMin} to ${conditionLimits.summary} characters; the conditions list shows it.`;
	}
	return { ...problems, ...reviewProblems(draft, 'condition page') };
}

/** The posted fields as form values; blank reference rows are dropped. */
export function readConditionForm(fields: Record<string, string>): ConditionFormValues {
	return {
		name: fields.name ?? '',
		summary: fields.summary ?? '',
		...readReviewFields(fields)
	};
}

/** A stored condition page as form values. */
export function conditionFormValues(draft: ConditionDraft): ConditionFormValues {
	return { name: draft.name, summary: draft.summary, ...reviewFormValues(draft) };
}

/** How each field is named in the error summary. */
export function conditionFieldLabels(values: ConditionFormValues): Record<string, string> {
	return { name: 'Name', summary: 'Summary', ...reviewFieldLabels(values) };
}

const fieldOrder = ['name', 'summary', 'body', 'authorId', 'reviewerId', 'lastReviewedOn'];

/** Errors in the order their fields appear on the form. */
export function conditionErrorsInOrder(errors: Record<string, string>): Record<string, string> {
	return errorsInOrder(errors, [...fieldOrder, 'references']);
}

/**
 * Checks the form field by field: a name, a summary and text of sensible length, known
 * practitioners, a real review date no later than `today` (the clinic's date), well-formed
 * references. A draft may have no author yet: the shipped pages arrive without one.
 */
export function validateConditionForm(
	values: ConditionFormValues,
	practitionerIds: ReadonlySet<number>,
	today: string
): { kind: 'valid'; draft: ConditionDraft } | { kind: 'invalid'; errors: Record<string, string> } {
	const errors: Record<string, string> = {};
	const name = values.name.trim();
	if (name.length < conditionLimits.nameMin || name.length > conditionLimits.name) {
		errors.name = `Give the condition a name of ${conditionLimits.nameMin} to ${conditionLimits.name} characters.`;
	}
	const summary = values.summary.trim();
	if (summary.length > conditionLimits.summary) {
		errors.summary = `Keep the summary to ${conditionLimits.summary} characters; it has ${summary.length}.`;
	}
	if (values.body.length > conditionLimits.body) {
		errors.body = `Keep the text under ${conditionLimits.body.toLocaleString('en-US')} characters.`;
	}
	const reviewed = checkReviewFields(values, practitionerIds, today, errors);
	if (Object.keys(errors).length > 0 || reviewed.authorId === 'unknown') {
		return { kind: 'invalid', errors: conditionErrorsInOrder(errors) };
	}
	return {
		kind: 'valid',
		draft: {
			name,
			summary,
			bodyMarkdown: values.body,
			authorId: reviewed.authorId,
			reviewerId: reviewed.reviewerId,
			lastReviewedOn: reviewed.lastReviewedOn,
			references: reviewed.references
		}
	};
}

/** What publishing would still need, read from the form as typed. */
export function conditionPublishChecklist(values: ConditionFormValues): Record<string, string> {
	return conditionPublishProblems({
		name: values.name.trim(),
		summary: values.summary,
		...reviewedTextOf(values)
	});
}
