import { Temporal } from 'temporal-polyfill';

/*
 * The authorization a patient signs before their words are published. Putting an identifiable
 * patient's words about their treatment on the clinic's website is a marketing use of health
 * information, which HIPAA allows only with a written authorization (45 CFR 164.508(a)(3))
 * that contains the core elements of 164.508(c): what is disclosed, to whom and where, the
 * purpose, an expiry date or event, the right to revoke and how, that treatment does not
 * depend on signing, that what is disclosed may be redisclosed by whoever receives it and is
 * then no longer protected by the federal privacy rules (c)(2)(iii), and the signature with its
 * date, with the authority of a personal representative who signs for the patient (c)(1)(vi).
 * Each element is a required field here, and `authorizationTextProblems` checks that each says
 * what it must; a version it finds fault with is never written (ADR 0042). Like the consent
 * (ADR 0021), every change is a new version and a signature keeps the hash of the exact text
 * signed.
 */

/** One version of the authorization text, an element per field. */
export interface AuthorizationDocument {
	/** 1, 2, 3...: a new number for every change. */
	version: number;
	title: string;
	/** What is published: the patient's words, rating, condition, date and chosen name. */
	whatIsPublished: string;
	/** Where: the clinic's website and its pages. */
	wherePublished: string;
	/**
	 * Once published the words are public: anyone may copy and pass them on, and they are no
	 * longer protected by the federal privacy rules (164.508(c)(2)(iii)). Empty only in versions
	 * written before this element existed, which are kept for the signatures they carry and
	 * never offered for signing again.
	 */
	redisclosure: string;
	/** Why: to help people decide about treatment (marketing, said plainly). */
	purpose: string;
	/** Until when: the text, stating `validForYears`. */
	expiry: string;
	/** How many years after signing the authorization ends, unless revoked sooner. */
	validForYears: number;
	/** The right to revoke, and how. */
	rightToRevoke: string;
	/** That treatment, payment and booking do not depend on signing. */
	treatmentNotConditioned: string;
	/**
	 * What signing means (typed full name and date), and that a personal representative signs
	 * with their own name and states their authority to act for the patient.
	 */
	signatureStatement: string;
}

/** The element fields, in the order they are shown and hashed. */
export const authorizationElements = [
	'whatIsPublished',
	'wherePublished',
	'redisclosure',
	'purpose',
	'expiry',
	'rightToRevoke',
	'treatmentNotConditioned',
	'signatureStatement'
] as const satisfies readonly (keyof AuthorizationDocument)[];

export type AuthorizationElement = (typeof authorizationElements)[number];

/** The heading of each element, for the page and the printable copy. */
export const authorizationElementHeadings: Record<AuthorizationElement, string> = {
	whatIsPublished: 'What will be published',
	wherePublished: 'Where',
	redisclosure: 'Once published, your words are public',
	purpose: 'Why',
	expiry: 'Until when',
	rightToRevoke: 'You can revoke this at any time',
	treatmentNotConditioned: 'Your care does not depend on this',
	signatureStatement: 'Signing'
};

/**
 * What each element must at least say, with the message shown when it does not. An element
 * may have several checks: each missing piece is reported on its own.
 */
const elementChecks: Record<AuthorizationElement, { pattern: RegExp; message: string }[]> = {
	whatIsPublished: [
		{
			pattern: /\b(?:words|feedback|testimonial|comments?)\b/i,
			message: 'Say what will be published (the patient’s words, rating and name as chosen).'
		}
	],
	wherePublished: [
		{
			pattern: /\b(?:website|web\s*site|site|online)\b/i,
			message: 'Say where it will be published (the clinic’s website).'
		}
	],
	redisclosure: [
		{
			pattern:
				/\b(?:redisclos\w*|disclosed again|cop(?:y|ies)|share[ds]?|pass(?:ed)? (?:it |them )?on)\b/i,
			message:
				'Say that once published, anyone who reads the words may copy and pass them on (redisclosure, 45 CFR 164.508(c)(2)(iii)).'
		},
		{
			pattern: /\b(?:no longer|not|never again)\b[^.]*\bprotected\b[^.]*\b(?:privacy|HIPAA)\b/i,
			message:
				'Say that once published, the words are no longer protected by the federal privacy rules (HIPAA).'
		}
	],
	purpose: [
		{
			pattern: /\b(?:purpose|so that|to help|marketing|promot)/i,
			message: 'Say why it will be published.'
		}
	],
	expiry: [
		{
			pattern: /\b(?:expires?|ends?|until)\b/i,
			message: 'Say when the authorization ends (a date or an event).'
		}
	],
	rightToRevoke: [
		{
			pattern: /\b(?:revoke|withdraw|take (?:it )?back)\b/i,
			message: 'Say that the patient may revoke the authorization, and how.'
		}
	],
	treatmentNotConditioned: [
		{
			pattern: /\btreatment\b/i,
			message: 'Say that treatment does not depend on signing.'
		}
	],
	signatureStatement: [
		{
			pattern: /\b(?:sign|signing|signature|typing your (?:full )?name)\b/i,
			message: 'Say what signing means and how the patient signs.'
		},
		{
			pattern: /\bdated?\b/i,
			message: 'Say that the signature is kept with its date.'
		},
		{
			pattern: /\brepresentative\b[^.]*\bauthority\b|\bauthority\b[^.]*\brepresentative\b/i,
			message:
				'Say that a personal representative who signs for the patient must state their authority to act for them (45 CFR 164.508(c)(1)(vi)).'
		}
	]
};

/**
 * Problems with an authorization text before it is saved as a version: a missing or blank
 * element, an element that does not say what it must, or a validity that is not a whole number
 * of years stated in the expiry text. An empty list means every element is there. This guards
 * against the common omissions; it is not legal review.
 */
export function authorizationTextProblems(
	document: Omit<AuthorizationDocument, 'version'>
): { element: AuthorizationElement | 'title' | 'validForYears'; message: string }[] {
	const problems: { element: AuthorizationElement | 'title' | 'validForYears'; message: string }[] =
		[];
	if (document.title.trim() === '') {
		problems.push({ element: 'title', message: 'Please give the authorization a title.' });
	}
	for (const element of authorizationElements) {
		const text = (document[element] ?? '').trim();
		for (const check of elementChecks[element]) {
			if (text === '' || !check.pattern.test(text)) {
				problems.push({ element, message: check.message });
				// A blank element is one problem, not one per check.
				if (text === '') break;
			}
		}
	}
	const years = document.validForYears;
	if (!Number.isInteger(years) || years < 1 || years > 10) {
		problems.push({
			element: 'validForYears',
			message: 'The authorization must end after a whole number of years, from 1 to 10.'
		});
	} else if (!mentionsYears(document.expiry, years)) {
		problems.push({
			element: 'validForYears',
			message: `The expiry text must state the same period (${years} years) that is applied.`
		});
	}
	return problems;
}

const numberWords = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

function mentionsYears(text: string, years: number): boolean {
	const word = numberWords[years - 1] ?? '';
	return new RegExp(`\\b(?:${years}|${word})\\s+years?\\b`, 'i').test(text);
}

/** The name of this serialization; a change to the rules needs a new one. */
export const authorizationTextFormat = 'clinic-testimonial-authorization/2';

/**
 * The first serialization, without the redisclosure element: versions written before it existed
 * keep hashing the way they were hashed when signed, so their signatures still verify.
 */
export const legacyAuthorizationTextFormat = 'clinic-testimonial-authorization/1';
const legacyElements = authorizationElements.filter((element) => element !== 'redisclosure');

/**
 * The exact string whose SHA-256 is stored with the version and with every signature, as for
 * the consent (src/lib/domain/consent/canonical-text.ts): JSON, so a field cannot forge a
 * boundary; line endings and Unicode normalized, nothing else. A version with no redisclosure
 * element at all is one written before it existed, and hashes in the first format.
 */
export function authorizationTextToHash(document: AuthorizationDocument): string {
	if (!Number.isInteger(document.version) || document.version < 1) {
		throw new RangeError(
			`An authorization version is a whole number from 1, not ${document.version}.`
		);
	}
	const legacy = (document.redisclosure ?? '') === '';
	return JSON.stringify([
		legacy ? legacyAuthorizationTextFormat : authorizationTextFormat,
		document.version,
		canonicalText(document.title),
		document.validForYears,
		...(legacy ? legacyElements : authorizationElements).map((element) =>
			canonicalText(document[element])
		)
	]);
}

function canonicalText(text: string): string {
	return text
		.replace(/^\uFEFF/, '')
		.replace(/\r\n?/g, '\n')
		.normalize('NFC');
}

/**
 * The default authorization in our own words, with the clinic's name in it: version 1 for a new
 * clinic, or the next version when the current one lacks an element (a clinic that started
 * before the redisclosure statement and the representative's authority were required).
 */
export function defaultAuthorizationDocument(
	clinicName: string,
	version = 1
): AuthorizationDocument {
	const validForYears = 3;
	return {
		version,
		title: `Permission to publish your feedback on the ${clinicName} website`,
		whatIsPublished: `Your feedback as you wrote it: your words, your star rating, the condition if you named one, and the date you gave it. It is shown with the name you choose (your first name and last initial, your initials, or "Anonymous patient") and, if you told us of one, your connection to the clinic. Because the words are about your care, they are health information about you; we publish nothing else from your records.`,
		wherePublished: `On the ${clinicName} website, on the testimonials page and on the page of the condition you named. Anyone on the internet can read them.`,
		redisclosure: `Once your words are on the website, anyone who reads them may copy them, share them or pass them on, and we cannot stop that or take the copies back. From then on those published words are no longer protected by the federal health privacy rules (HIPAA) that protect your records at the clinic. Everything else in your records stays protected as before.`,
		purpose: `To help people deciding whether to come to us see what patients really say, good or bad. This is marketing by the clinic, and we want to say so plainly. You receive nothing for this, and nobody at the clinic will treat you differently for what you wrote.`,
		expiry: `This permission ends ${validForYears} years after the day you sign it, unless you revoke it sooner. When it ends, we take your words off the website.`,
		validForYears,
		rightToRevoke: `You may revoke this permission at any time, without giving a reason: use the link in the email confirming your permission, or tell us in writing (email or letter to ${clinicName}). Your words leave the website as soon as you revoke. Revoking cannot undo what others have already copied.`,
		treatmentNotConditioned: `Your treatment, your bookings and what you pay do not depend on whether you sign. Saying no changes nothing about your care.`,
		signatureStatement: `By typing your full name and ticking the box, you sign this permission. If you sign for the patient as their personal representative (for example as the parent of a child, a legal guardian or under a power of attorney), type your own name and say what gives you the authority to act for them. We keep the signature with its date and time and email you a full copy of what you signed; you may ask us for another copy at any time.`
	};
}

/** Signed authorizations and their versions are kept for six years (45 CFR 164.508(b)(6)). */
export const authorizationRetentionYears = 6;

/** The last day an authorization signed on `signedOn` is in effect, unless revoked sooner. */
export function authorizationExpiresOn(
	signedOn: Temporal.PlainDate,
	document: Pick<AuthorizationDocument, 'validForYears'>
): Temporal.PlainDate {
	return signedOn.add({ years: document.validForYears }).subtract({ days: 1 });
}

/**
 * Until when a signed authorization must be kept: six years from the later of the day it was
 * signed and the day it was last in effect (its expiry, or the day it was revoked if sooner),
 * the HIPAA retention rule (45 CFR 164.316(b)(2) and 164.530(j)). 29 February moves to
 * 28 February.
 */
export function authorizationKeepUntil(input: {
	signedOn: Temporal.PlainDate;
	expiresOn: Temporal.PlainDate;
	revokedOn: Temporal.PlainDate | null;
}): Temporal.PlainDate {
	let lastInEffect = input.expiresOn;
	if (input.revokedOn && Temporal.PlainDate.compare(input.revokedOn, lastInEffect) < 0) {
		lastInEffect = input.revokedOn;
	}
	if (Temporal.PlainDate.compare(lastInEffect, input.signedOn) < 0) lastInEffect = input.signedOn;
	return lastInEffect.add({ years: authorizationRetentionYears });
}
