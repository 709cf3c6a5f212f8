import { z } from 'zod';
import { choiceField, firstValue, formSchema, type FormReader } from '../intake/form-values';

/*
 * Signing the consent: the patient types their full name and ticks that they agree. The typed
 * name must match the name the clinic has for them, ignoring case and whitespace, so that the
 * signature shows intent without failing on "ann  lee" for "Ann Lee". Phones "smarten"
 * apostrophes and hyphens (O’Brien, Smith‐Jones), so those are unified too; any other
 * difference (a missing middle name, a nickname) is a mismatch the patient can see and fix.
 */

/**
 * The comparison key of a name: Unicode-normalized (NFKC, so composed and decomposed accents
 * agree), apostrophe and hyphen variants unified, whitespace removed, lower-cased.
 */
export function signatureNameKey(name: string): string {
	return name
		.normalize('NFKC')
		.replace(/[\u2018\u2019\u201B\u02BC\u02B9\u0060\u00B4\u2032]/g, "'")
		.replace(/[\u2010\u2011\u2012\u2013\u2014\u2212]/g, '-')
		.replace(/\s+/g, '')
		.toLocaleLowerCase('en-US');
}

/** Whether a typed signature matches the patient's name (case- and whitespace-insensitive). */
export function signatureMatchesName(typedName: string, patientName: string): boolean {
	const typed = signatureNameKey(typedName);
	return typed !== '' && typed === signatureNameKey(patientName);
}

/** A valid signature: the name exactly as typed (trimmed) and the ticked agreement. */
export interface ConsentSignature {
	typedName: string;
	agreed: true;
}

const nameMessage = 'Please type your full name.';
// The message does not repeat the patient's name: form errors can end up in logs.
const mismatchMessage =
	'The name you typed does not match the name we have for you. Please type your full name as shown above.';

/**
 * Reads a typed signature (`signature-name`, matched to the patient's name) and the ticked box
 * (`agree`, posting "yes") into `form`, reporting both errors together. Shared by every form a
 * patient signs: the consent and the permission to publish feedback.
 */
export function readTypedSignature(
	form: FormReader,
	patientName: string,
	agreeMessage: string
): ConsentSignature {
	const typedName = form.field(
		'signature-name',
		z.preprocess(
			firstValue,
			z
				.string({ error: nameMessage })
				.trim()
				.min(1, nameMessage)
				.max(200, 'Please keep your name under 200 characters.')
		),
		''
	);
	if (typedName && !signatureMatchesName(typedName, patientName)) {
		form.fail('signature-name', mismatchMessage);
	}
	form.field('agree', choiceField(['yes'], agreeMessage), 'yes');
	return { typedName, agreed: true };
}

/** The consent's signing form for a patient: `signature-name` and `agree`. */
export function consentSignatureSchema(patientName: string) {
	return formSchema((form) =>
		readTypedSignature(
			form,
			patientName,
			'Please tick the box to confirm that you agree to treatment.'
		)
	);
}
