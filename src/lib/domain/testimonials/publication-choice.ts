import { z } from 'zod';
import { firstValue, parseForm, type FormResult, type FormValues } from '../intake/form-values';

/*
 * Publishing is the patient's separate choice, made after the feedback: how they are named and
 * whether they have a connection to the clinic. The Endorsement Guides (16 CFR 255.5) ask that
 * a material connection (staff, or family of staff) be disclosed with the testimonial, so the
 * disclosure is shown beside the words, never only in the records.
 */

export const namingChoices = ['first_name_last_initial', 'initials', 'anonymous'] as const;
export type NamingChoice = (typeof namingChoices)[number];

export const namingChoiceLabels: Record<NamingChoice, string> = {
	first_name_last_initial: 'My first name and the initial of my last name',
	initials: 'My initials only',
	anonymous: 'Anonymous'
};

/** What anonymous testimonials are signed with. */
export const anonymousDisplayName = 'Anonymous patient';

/**
 * The name shown with a testimonial, from the patient's name on record. "Maria Lopez Garcia"
 * is "Maria G." or "M. G."; a one-word name is shown as it is, or as one initial. Middle names
 * are left out: they add nothing and identify more.
 */
export function displayName(choice: NamingChoice, fullName: string): string {
	const words = fullName
		.trim()
		.split(/\s+/u)
		.filter((word) => word !== '');
	const first = words[0];
	const last = words.length > 1 ? words[words.length - 1] : undefined;
	if (choice === 'anonymous' || first === undefined) return anonymousDisplayName;
	if (choice === 'first_name_last_initial') {
		return last === undefined ? first : `${first} ${initial(last)}`;
	}
	return [first, last]
		.filter((word): word is string => word !== undefined)
		.map(initial)
		.join(' ');
}

/** "O'Neil" is "O.", "élodie" is "É.": the first letter, upper-cased, with a full stop. */
function initial(word: string): string {
	const letter = Array.from(word).find((character) => /\p{L}/u.test(character)) ?? word[0] ?? '';
	return `${letter.toLocaleUpperCase('en-US')}.`;
}

export const connectionKinds = ['none', 'staff', 'staff_family', 'other'] as const;
export type ConnectionKind = (typeof connectionKinds)[number];

/** A connection to the clinic, as the patient declared it. */
export type ConnectionDisclosure =
	{ kind: 'none' | 'staff' | 'staff_family' } | { kind: 'other'; text: string };

export const connectionLabels: Record<ConnectionKind, string> = {
	none: 'I have no connection to the clinic or its staff',
	staff: 'I work at the clinic',
	staff_family: 'I am family of someone who works at the clinic',
	other: 'Another connection (please describe)'
};

/** The disclosure printed with a testimonial, or null when there is no connection. */
export function disclosureText(disclosure: ConnectionDisclosure): string | null {
	switch (disclosure.kind) {
		case 'none':
			return null;
		case 'staff':
			return 'Written by a member of our staff.';
		case 'staff_family':
			return 'Written by a family member of one of our staff.';
		case 'other':
			return `Connection to the clinic: ${disclosure.text}`;
	}
}

/**
 * The disclosure shown with a testimonial: a connection staff know of and added when
 * publishing, or else the one the patient declared. Staff can add a disclosure but never take
 * away one the patient made: "none" from staff leaves the patient's declaration in place.
 */
export function shownDisclosure(
	declaredByPatient: ConnectionDisclosure,
	addedByStaff: ConnectionDisclosure | null
): string | null {
	if (addedByStaff && addedByStaff.kind !== 'none') return disclosureText(addedByStaff);
	return disclosureText(declaredByPatient);
}

/** A stored connection (kind and text columns) as a disclosure. */
export function connectionFromColumns(
	kind: ConnectionKind,
	text: string | null
): ConnectionDisclosure {
	return kind === 'other' ? { kind, text: text ?? '' } : { kind };
}

/** The publication choice posted with the authorization: naming and connection. */
export interface PublicationChoice {
	naming: NamingChoice;
	disclosure: ConnectionDisclosure;
}

const namingMessage = 'Please choose how you would like to be named.';
const connectionMessage = 'Please tell us whether you have a connection to the clinic.';
const otherMessage = 'Please describe your connection to the clinic.';

/** Fields `naming`, `connection` and `connection-description` (only read for "other"). */
export const publicationChoiceSchema = z
	.object({
		naming: z.preprocess(firstValue, z.enum(namingChoices, { error: namingMessage })),
		connection: z.preprocess(firstValue, z.enum(connectionKinds, { error: connectionMessage })),
		'connection-description': z.preprocess(
			(value) => firstValue(value)?.trim().replace(/\s+/g, ' ') ?? '',
			z.string().max(200, 'Please keep the description under 200 characters.')
		)
	})
	.superRefine((values, context) => {
		if (values.connection === 'other' && values['connection-description'] === '') {
			context.addIssue({ code: 'custom', path: ['connection-description'], message: otherMessage });
		}
	})
	.transform((values): PublicationChoice => ({
		naming: values.naming,
		disclosure:
			values.connection === 'other'
				? { kind: 'other', text: values['connection-description'] }
				: { kind: values.connection }
	}));

/** Parses the posted publication choice; errors are keyed by field name. */
export function parsePublicationChoice(values: FormValues): FormResult<PublicationChoice> {
	return parseForm(publicationChoiceSchema, values);
}
