import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import {
	firstValue,
	formSchema,
	parseForm,
	plainDateOrNull,
	type FormResult,
	type FormValues
} from '../intake/form-values';
import { feedbackWordsMaxLength, feedbackWordsMinLength } from './feedback-form';
import type { ConnectionDisclosure } from './publication-choice';
import { parseStaffConnection } from './staff-review';

/*
 * Testimonials from before the invitation system (issue 6): a patient gave the clinic their
 * words and signed a paper authorization to publish them. Staff may enter such a testimonial
 * only by attesting that the signed authorization is on file and covers these words; the entry
 * records who attested and when, the day it was signed and its last day in effect (a HIPAA
 * authorization must end: 45 CFR 164.508(c)(1)(v)), and the website marks it as entered by
 * staff. Nothing here knows the clock: `today` is the clinic-local date, passed in.
 */

/** The box staff must tick: the words of the attestation, stored with the entry's audit event. */
export const legacyAttestation =
	'I confirm that a signed authorization from this patient is on file at the clinic and that it covers publishing these words on the website.';

/** The longest an entered authorization may run, as for the clinic's own text (1 to 10 years). */
export const legacyAuthorizationMaxYears = 10;

/** A testimonial from a paper authorization, as parsed from the staff form. */
export interface LegacyEntry {
	/** The name as the patient agreed to be named: "Maria G.", "M. G.", "Anonymous patient". */
	displayName: string;
	rating: 1 | 2 | 3 | 4 | 5;
	words: string;
	/** The slug of one of the clinic's conditions, or null. */
	conditionSlug: string | null;
	/** The day the patient gave the words, "2025-06-01". */
	givenOn: string;
	/** The day the authorization was signed. */
	signedOn: string;
	/** The authorization's last day in effect. */
	expiresOn: string;
	disclosure: ConnectionDisclosure;
}

/** The form's fields, in the order they appear (for the error summary's labels). */
export const legacyEntryLabels = {
	'display-name': 'Name as shown',
	rating: 'Rating',
	words: 'Their words',
	condition: 'Condition',
	'given-on': 'Given on',
	'signed-on': 'Authorization signed on',
	'expires-on': 'Authorization ends on',
	connection: 'Connection to the clinic',
	'connection-description': 'The connection',
	attest: 'Authorization on file'
} as const;

const messages = {
	name: 'Please give the name as the patient agreed to be named, for example "Maria G." or "Anonymous patient".',
	nameLength: 'Please keep the name under 60 characters.',
	rating: 'Please choose the rating the patient gave, from 1 to 5 stars.',
	words: `Please copy the patient’s words (at least ${feedbackWordsMinLength} characters).`,
	wordsLength: `Please keep the words under ${feedbackWordsMaxLength.toLocaleString('en-US')} characters.`,
	condition: 'Please choose a condition from the list, or leave it blank.',
	attest:
		'Please confirm that the signed authorization is on file. Without it, the words cannot be published.'
};

/** A date field ("2025-06-01"), refused when it is after `latest` if one is given. */
function dateField(required: string, latest: Temporal.PlainDate | null) {
	return z.preprocess(
		(value) => firstValue(value)?.trim() ?? '',
		z
			.string()
			.min(1, required)
			.transform((text, context): Temporal.PlainDate | null => {
				const date = /^\d{4}-\d{2}-\d{2}$/.test(text) ? plainDateOrNull(text) : null;
				if (!date) {
					context.addIssue({ code: 'custom', message: 'Please give a date such as 2025-06-01.' });
					return z.NEVER;
				}
				if (latest && Temporal.PlainDate.compare(date, latest) > 0) {
					context.addIssue({ code: 'custom', message: 'This date is in the future.' });
					return z.NEVER;
				}
				return date;
			})
	);
}

/**
 * The staff form for a testimonial from a paper authorization: fields `display-name`,
 * `rating`, `words`, `condition` (a slug from `conditionSlugs`, or blank), `given-on`,
 * `signed-on`, `expires-on`, `connection`, `connection-description` and `attest` ("yes"). Every
 * problem is reported at once, keyed by field name.
 */
export function legacyEntrySchema(options: {
	today: Temporal.PlainDate;
	conditionSlugs: readonly string[];
}) {
	const known = new Set(options.conditionSlugs);
	const { today } = options;
	return formSchema((form): LegacyEntry => {
		const displayName = form.field(
			'display-name',
			z.preprocess(
				(value) => firstValue(value)?.trim().replace(/\s+/g, ' ') ?? '',
				z.string().min(1, messages.name).max(60, messages.nameLength)
			),
			''
		);
		const rating = form.field(
			'rating',
			z.preprocess(
				(value) => firstValue(value)?.trim() ?? '',
				z
					.string()
					.regex(/^[1-5]$/, messages.rating)
					.transform((value) => Number(value) as LegacyEntry['rating'])
			),
			1
		);
		const words = form.field(
			'words',
			z.preprocess(
				(value) => firstValue(value)?.trim() ?? '',
				z
					.string()
					.min(feedbackWordsMinLength, messages.words)
					.max(feedbackWordsMaxLength, messages.wordsLength)
			),
			''
		);
		const conditionSlug = form.field(
			'condition',
			z.preprocess(
				(value) => firstValue(value)?.trim() || null,
				z
					.string()
					.refine((slug) => known.has(slug), messages.condition)
					.nullable()
			),
			null
		);
		const givenOn = form.field(
			'given-on',
			dateField('Please give the day the patient gave these words.', today),
			null
		);
		const signedOn = form.field(
			'signed-on',
			dateField('Please give the day the authorization was signed.', today),
			null
		);
		const expiresOn = form.field(
			'expires-on',
			dateField('Please give the authorization’s end date, as written on it.', null),
			null
		);
		if (givenOn && signedOn && Temporal.PlainDate.compare(signedOn, givenOn) < 0) {
			form.fail(
				'signed-on',
				'The authorization must be signed on or after the day the words were given: it has to cover words that already existed.'
			);
		}
		if (signedOn && expiresOn) {
			if (Temporal.PlainDate.compare(expiresOn, signedOn) <= 0) {
				form.fail(
					'expires-on',
					'The authorization must end after the day it was signed. If the form gives no end date, it cannot be used: ask the patient to sign a new one.'
				);
			} else if (
				Temporal.PlainDate.compare(
					expiresOn,
					signedOn.add({ years: legacyAuthorizationMaxYears })
				) > 0
			) {
				form.fail(
					'expires-on',
					`Please check the end date: an authorization may run at most ${legacyAuthorizationMaxYears} years from signing.`
				);
			}
		}
		if (expiresOn && Temporal.PlainDate.compare(expiresOn, today) < 0) {
			form.fail(
				'expires-on',
				'This authorization has ended, so the words cannot be published. Ask the patient to sign a new one.'
			);
		}
		const connection = parseStaffConnection(form.values);
		if (!connection.ok) {
			for (const [name, message] of Object.entries(connection.errors)) form.fail(name, message);
		}
		if (firstValue(form.values.attest) !== 'yes') form.fail('attest', messages.attest);
		return {
			displayName,
			rating,
			words,
			conditionSlug,
			givenOn: givenOn?.toString() ?? '',
			signedOn: signedOn?.toString() ?? '',
			expiresOn: expiresOn?.toString() ?? '',
			disclosure: connection.ok ? connection.data : { kind: 'none' }
		};
	});
}

/** Parses the legacy entry form; errors are keyed by field name. */
export function parseLegacyEntry(
	values: FormValues,
	options: { today: Temporal.PlainDate; conditionSlugs: readonly string[] }
): FormResult<LegacyEntry> {
	return parseForm(legacyEntrySchema(options), values);
}

const withdrawalSchema = z.object({
	reason: z.preprocess(
		(value) => firstValue(value)?.trim().replace(/\s+/g, ' ') ?? '',
		z
			.string()
			.min(
				3,
				'Please say why it is taken down, for example "The patient revoked it by letter on March 3".'
			)
			.max(300, 'Please keep the reason under 300 characters.')
	)
});

/** The reason staff give for taking a legacy testimonial down (field `reason`). */
export function parseLegacyWithdrawal(values: FormValues): FormResult<{ reason: string }> {
	return parseForm(withdrawalSchema, values);
}
