import { z } from 'zod';

/*
 * The clinic's consent to treatment. The owner may edit it, but every edit is a new version:
 * a signed consent points at the exact version (and its hash) the patient read, and that text
 * never changes afterwards.
 *
 * The risks are the real ones from the product brief: about 9% of patients have a minor
 * adverse event, serious events are about 1 in 10,000 (Bäumler et al., BMJ Open 2021). The
 * text must never say "no side effects", promise results, or call acupuncture safe for
 * everyone or in pregnancy; `consentTextProblems` checks an edited text for exactly that.
 */

/** One version of the consent text. */
export interface ConsentDocument {
	/** 1, 2, 3...: a new number for every change. */
	version: number;
	title: string;
	/** The text in Markdown (rendered with raw HTML disabled, like articles). */
	bodyMarkdown: string;
}

/** The risk figures every consent text states, with their source. */
export const acupunctureRisks = {
	minorAdverseEventPercent: 9,
	minorExamples: ['bruising', 'soreness', 'a little bleeding where a needle went in'],
	seriousAdverseEventsPerPatients: 10_000,
	source:
		'Bäumler P, Zhang W, Stübinger T, Irnich D. Acupuncture-related adverse events: systematic review and meta-analyses of prospective clinical studies. BMJ Open. 2021;11:e045961. doi:10.1136/bmjopen-2020-045961'
} as const;

/**
 * The default consent of a clinic, version 1, in our own words. `clinicName` is written into
 * the text, so the hash covers the name the patient saw.
 */
export function defaultConsentDocument(clinicName: string): ConsentDocument {
	return {
		version: 1,
		title: 'Consent to acupuncture treatment',
		bodyMarkdown: `Please read this before your first treatment at ${clinicName}. If anything is unclear, ask us: you do not have to sign until you are happy with the answers.

## What treatment involves

Your practitioner will ask about your health and your pain, examine you, and then place very fine needles through the skin at chosen points. The needles are sterile and used once only. They usually stay in for 20 to 30 minutes. With your agreement, your practitioner may also pass a gentle electrical current through some needles (electroacupuncture), or use heat or massage.

## What it may and may not do

Research on acupuncture has mixed results, and how much it helps depends on the condition. Some people feel better for a while after a course of treatment; others notice little change. We cannot promise that it will help you, how much, or for how long. Acupuncture does not replace care from a doctor, and we will tell you if we think you should see one.

## Other choices you have

Acupuncture is one option among several. Depending on your condition, others include exercise and physical therapy, medicines from your doctor or pharmacist, other care such as massage, psychological therapies or, for some conditions, injections or surgery, and choosing no treatment at all: many problems, such as most back pain, get better on their own with time. Your doctor can help you weigh these.

## Risks

Acupuncture has side effects, like any treatment:

- About ${acupunctureRisks.minorAdverseEventPercent} in every 100 patients have a minor side effect, most often bruising, soreness, or a little bleeding where a needle went in. These are usually short-lived.
- Some people feel tired, light-headed or faint during or after a treatment. Tell us at once if you feel unwell.
- Heat treatments (a heat lamp, or moxa: a herb burned near the skin) can cause burns, and cupping can leave round bruises for a few days. Tell us at once if anything feels too hot.
- Serious problems are rare: about 1 in every 10,000 patients. They include a collapsed lung (pneumothorax) when a needle near the chest goes too deep, and infection.

These figures come from a review of many studies: ${acupunctureRisks.source}

## What we need you to tell us

Some conditions change what is safe for you. Please tell us before treatment, and whenever anything changes, if you:

- are pregnant or might be;
- take a medicine that thins the blood or acts on platelets;
- have a pacemaker, defibrillator, nerve stimulator or implanted pump, or have epilepsy;
- have a bleeding disorder, a weakened immune system, diabetes, kidney or liver disease, lung disease, cancer, a skin infection, or a metal allergy;
- are afraid of needles, have fainted before, or cannot lie face down.

Treatment can be less safe if we do not know.

## Your choices

- You can ask questions at any time.
- You can refuse any part of the treatment, such as electroacupuncture, and you can stop treatment at any time, including during a session, without giving a reason.
- Signing does not commit you to any number of visits.
- This consent covers your treatment with us until you withdraw it, or until we ask you to read and sign a new version.

## Signing

By typing your full name and ticking the box, you confirm that you have read this form, that you have been able to ask questions, and that you agree to acupuncture treatment at ${clinicName}.
`
	};
}

/** The owner's edit form: title and body. The version is assigned, never typed. */
export const consentDocumentFormSchema = z.object({
	title: z
		.string({ error: 'Please give the consent a title.' })
		.trim()
		.min(5, 'Please give the consent a title.')
		.max(200, 'Please keep the title under 200 characters.'),
	bodyMarkdown: z
		.string({ error: 'Please write the consent text.' })
		.trim()
		.min(200, 'The consent text looks too short to explain treatment and its risks.')
		.max(20_000, 'Please keep the consent text under 20,000 characters.')
});

/** The version number for a new edit: one more than the highest so far, or 1. */
export function nextConsentVersion(existing: Iterable<Pick<ConsentDocument, 'version'>>): number {
	let highest = 0;
	for (const document of existing) highest = Math.max(highest, document.version);
	return highest + 1;
}

/** Claims the brief forbids, with the message shown to the owner. */
const forbiddenClaims: readonly { pattern: RegExp; message: string }[] = [
	{
		pattern: /\bno\s+(?:side[\s-]?effects|risks?)\b/i,
		message: 'Remove "no side effects" or "no risk": about 9% of patients have a minor side effect.'
	},
	{
		pattern: /\b(?:completely|totally|perfectly|entirely|100%)\s+safe\b/i,
		message: 'Remove claims that treatment is completely safe.'
	},
	{
		pattern: /\bsafe\s+(?:for\s+everyone|for\s+all|in\s+pregnancy|during\s+pregnancy)\b/i,
		message: 'Remove claims that treatment is safe for everyone or in pregnancy.'
	},
	{ pattern: /\bguarantee/i, message: 'Remove guarantees: results cannot be promised.' },
	{ pattern: /\bcures?\b/i, message: 'Remove claims of a cure.' },
	{ pattern: /\bpermanent(?:ly)?\b/i, message: 'Remove claims of permanent results.' },
	{
		pattern: /\bbetter\s+than\s+(?:drugs|medicines?|medication|surgery|painkillers)\b/i,
		message: 'Remove comparisons with drugs or surgery.'
	}
];

/** Facts the text must state, with the message shown when one is missing. */
const requiredFacts: readonly { pattern: RegExp; message: string }[] = [
	{
		pattern: /\b9\s*(?:%|percent|in\s+(?:every\s+)?100)/i,
		message: 'State that about 9 in 100 patients have a minor side effect.'
	},
	{ pattern: /\bbruis/i, message: 'Name bruising among the minor side effects.' },
	{
		pattern: /\b1\s+in\s+(?:every\s+)?10,?000\b/i,
		message: 'State that serious problems happen to about 1 in 10,000 patients.'
	},
	// Issue 14, item 10: heat and moxa are offered, so burns are a risk to name; and a patient
	// can only consent knowing the alternatives, no treatment included.
	{ pattern: /\bburns?\b/i, message: 'Name burns (from heat or moxa) among the risks.' },
	{
		pattern: /\b(?:alternatives?|other\s+choices|other\s+options)\b/i,
		message:
			'Say what the alternatives are (exercise and physical therapy, medicines, other care, no treatment).'
	},
	{
		pattern: /\bno\s+treatment\b|\bnot\s+to\s+(?:be\s+)?treat/i,
		message: 'Say that choosing no treatment is an option.'
	}
];

/**
 * Problems with a consent text before it is saved as a new version: forbidden claims, and
 * the risk figures every version must state. An empty list means it may be saved. This is a
 * guard against the common mistakes, not a review: the owner remains responsible for the text.
 */
export function consentTextProblems(
	document: Pick<ConsentDocument, 'title' | 'bodyMarkdown'>
): string[] {
	const text = `${document.title}\n${document.bodyMarkdown}`;
	return [
		...forbiddenClaims.filter(({ pattern }) => pattern.test(text)),
		...requiredFacts.filter(({ pattern }) => !pattern.test(text))
	].map(({ message }) => message);
}
