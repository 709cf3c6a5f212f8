import { z } from 'zod';
import { slugFromTitle } from '../content/article-rules';
import { locationDetailsForm } from './location';
import { practitionerProfileForm } from './practitioner';
import { requiredText, wholeNumber } from './fields';

/*
 * Forms that create what a real clinic starts without (issue 13): a location, a service and a
 * practitioner. The demo clinic gets these from its seed; a real clinic's owner types them.
 */

/**
 * An address segment for a new record, made from its name and kept apart from the ones taken
 * ("Lakeside" -> "lakeside", then "lakeside-2").
 */
export function uniqueSlug(name: string, taken: readonly string[], fallback: string): string {
	const base = slugFromTitle(name).slice(0, 60).replace(/-+$/, '') || fallback;
	const used = new Set(taken);
	if (!used.has(base)) return base;
	for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** A new location: the same fields as editing one, without an id. */
export const newLocationForm = locationDetailsForm.omit({ id: true });

/**
 * The zone a new location's form starts with: the server's own zone when it names a place
 * (a clinic usually runs its server nearby), otherwise America/New_York, the most populous US
 * zone. The owner chooses from every IANA zone either way.
 */
export function defaultTimeZone(serverZone: string | undefined, zones: readonly string[]): string {
	if (serverZone && serverZone.includes('/') && !serverZone.startsWith('Etc/')) {
		if (zones.includes(serverZone)) return serverZone;
	}
	return 'America/New_York';
}

/** A service's name, timing, price and booking rules, as the owner adds one. */
export const newServiceForm = z.object({
	name: requiredText('the service name', 3, 120),
	summary: requiredText('a one-sentence description', 10, 400),
	durationMinutes: wholeNumber('The duration', 5, 480),
	bufferBeforeMinutes: wholeNumber('The buffer before', 0, 120),
	bufferAfterMinutes: wholeNumber('The buffer after', 0, 120),
	price: z
		.string({ error: 'Write the price like 85 or 85.50.' })
		.trim()
		.regex(/^\$?\d{1,5}(\.\d{2})?$/, 'Write the price like 85 or 85.50.')
		.transform((value) => Math.round(Number(value.replace('$', '')) * 100)),
	roomKind: z
		.string()
		.trim()
		.max(40, 'Keep the room kind under 40 characters.')
		.regex(/^[\p{L}\p{N} -]*$/u, 'Use letters, digits and spaces only, such as treatment.')
		.optional()
		.transform((value) => (value ? value.toLocaleLowerCase('en-US') : null)),
	bookableOnline: z
		.string()
		.optional()
		.transform((value) => value === 'on'),
	newPatientsOnly: z
		.string()
		.optional()
		.transform((value) => value === 'on')
});

export type NewService = z.infer<typeof newServiceForm>;

/**
 * Whether ten digits are a well-formed US National Provider Identifier: its last digit is the
 * Luhn check digit of the other nine prefixed with 80840 (CMS, "NPI check digit").
 */
export function isValidNpi(text: string): boolean {
	if (!/^\d{10}$/.test(text)) return false;
	const digits = `80840${text.slice(0, 9)}`.split('').map(Number);
	let sum = 0;
	for (let index = 0; index < digits.length; index++) {
		// Double every second digit from the right of the payload (the check digit is not in it).
		const fromRight = digits.length - 1 - index;
		let digit = digits[index] ?? 0;
		if (fromRight % 2 === 0) {
			digit *= 2;
			if (digit > 9) digit -= 9;
		}
		sum += digit;
	}
	return (10 - (sum % 10)) % 10 === Number(text[9]);
}

/** A new practitioner: their public profile, licence number and optional NPI. */
export const newPractitionerForm = practitionerProfileForm.extend({
	displayOrder: wholeNumber('The display order', 0, 999).default(1),
	licenceNumber: requiredText('the licence number', 2, 40),
	npi: z
		.string()
		.trim()
		.optional()
		.transform((value) => (value ? value.replace(/\s+/g, '') : null))
		.refine((value) => value === null || isValidNpi(value), {
			message: 'An NPI is ten digits with a valid check digit; leave it empty if there is none.'
		})
});

export type NewPractitioner = z.infer<typeof newPractitionerForm>;
