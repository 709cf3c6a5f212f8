import { z } from 'zod';
import { firstValue, parseForm, type FormResult, type FormValues } from '../intake/form-values';

/*
 * The feedback a patient gives after an invitation: a rating, their words and, if they like,
 * the condition it was about. Feedback is for the clinic whether or not it is ever published;
 * publishing is a separate choice (./publication-choice.ts).
 */

export const feedbackWordsMinLength = 10;
export const feedbackWordsMaxLength = 2000;

/** Feedback as stored. */
export interface FeedbackForm {
	/** 1 (poor) to 5 (excellent). */
	rating: 1 | 2 | 3 | 4 | 5;
	words: string;
	/** The slug of one of the clinic's conditions, or null when not given. */
	condition: string | null;
}

const ratingMessage = 'Please choose a rating from 1 to 5 stars.';
const wordsMessage = `Please write a few words (at least ${feedbackWordsMinLength} characters).`;
const conditionMessage = 'Please choose a condition from the list, or leave it blank.';

/**
 * The feedback form's schema, fields `rating`, `words` and `condition`. The conditions are the
 * clinic's own (their slugs), passed in because the owner edits them.
 */
export function feedbackFormSchema(conditionSlugs: readonly string[]) {
	const known = new Set(conditionSlugs);
	return z.object({
		rating: z.preprocess(
			firstValue,
			z
				.string({ error: ratingMessage })
				.trim()
				.regex(/^[1-5]$/, ratingMessage)
				.transform((value) => Number(value) as FeedbackForm['rating'])
		),
		words: z.preprocess(
			firstValue,
			z
				.string({ error: wordsMessage })
				.trim()
				.min(feedbackWordsMinLength, wordsMessage)
				.max(
					feedbackWordsMaxLength,
					`Please keep it under ${feedbackWordsMaxLength.toLocaleString('en-US')} characters.`
				)
		),
		condition: z.preprocess(
			(value) => {
				const text = firstValue(value)?.trim() ?? '';
				return text === '' ? null : text;
			},
			z
				.string()
				.refine((slug) => known.has(slug), conditionMessage)
				.nullable()
		)
	});
}

/** Parses a posted feedback form; errors are keyed by field name. */
export function parseFeedbackForm(
	values: FormValues,
	conditionSlugs: readonly string[]
): FormResult<FeedbackForm> {
	return parseForm(feedbackFormSchema(conditionSlugs), values);
}
