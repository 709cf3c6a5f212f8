import { consentTextProblems, type ConsentDocument } from './consent-document';

/*
 * What the owner is told about an edited consent text before publishing it. Two kinds:
 *
 * - Blocking: the claims the product brief forbids ("no side effects", cures, permanence,
 *   "better than drugs", safe for everyone or in pregnancy) and missing risk figures (about 9
 *   in 100 minor, 1 in 10,000 serious, bruising named). A text with any of these is never
 *   published: patients would sign something untrue or incomplete about their risks.
 * - Warnings: points a good consent makes but that an owner may reasonably word differently
 *   or cover elsewhere (the right to stop, what to tell us, the source of the figures, the
 *   most serious risk by name). They are shown; publishing goes ahead.
 */

export interface ConsentTextReview {
	/** Problems that stop publishing. */
	blocking: string[];
	/** Points worth a second look; publishing is allowed. */
	warnings: string[];
}

/** Points a consent text should make, with the message shown when one seems missing. */
const recommendedPoints: readonly { pattern: RegExp; message: string }[] = [
	{
		pattern: /\b(?:stop|withdraw)\b/i,
		message: 'Say that the patient can stop treatment, or withdraw consent, at any time.'
	},
	{
		pattern: /\bpregnan/i,
		message: 'Ask patients to tell you if they are or might be pregnant.'
	},
	{
		pattern: /\b(?:blood[\s-]thinn|thins?\s+the\s+blood|anticoagul)/i,
		message: 'Ask patients to tell you about medicines that thin the blood.'
	},
	{
		pattern: /\b(?:B[äa]umler|BMJ\s+Open)\b/i,
		message: 'Cite where the risk figures come from (Bäumler and others, BMJ Open 2021).'
	},
	{
		pattern: /\b(?:pneumothorax|collapsed\s+lung)\b/i,
		message: 'Name the most serious risk: a collapsed lung (pneumothorax).'
	}
];

/** Reviews a consent text: what blocks publishing, and what only deserves a second look. */
export function reviewConsentText(
	document: Pick<ConsentDocument, 'title' | 'bodyMarkdown'>
): ConsentTextReview {
	const text = `${document.title}\n${document.bodyMarkdown}`;
	return {
		blocking: consentTextProblems(document),
		warnings: recommendedPoints
			.filter(({ pattern }) => !pattern.test(text))
			.map(({ message }) => message)
	};
}
