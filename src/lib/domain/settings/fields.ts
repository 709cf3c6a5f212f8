import { z } from 'zod';
import { parsePhone } from '../clinic/phone';
import { singleLine } from '../text/clean-text';

/*
 * Form fields shared by the owner's settings forms. Messages are written for the owner filling
 * the form and appear next to the field they belong to.
 */

/** One line of text (a name, a title): line breaks and tabs become spaces (clean-text.ts). */
export function singleLineText(label: string, min: number, max: number) {
	return z
		.string({ error: `Enter ${label}.` })
		.overwrite(singleLine)
		.trim()
		.min(min, min <= 1 ? `Enter ${label}.` : `Enter ${label} (at least ${min} characters).`)
		.max(max, `Keep ${label} under ${max} characters.`);
}

/** Text that must be given, trimmed, between `min` and `max` characters; may span lines. */
export function requiredText(label: string, min: number, max: number) {
	return z
		.string({ error: `Enter ${label}.` })
		.trim()
		.min(min, min <= 1 ? `Enter ${label}.` : `Enter ${label} (at least ${min} characters).`)
		.max(max, `Keep ${label} under ${max} characters.`);
}

/** A whole number from `min` to `max`. */
export function wholeNumber(label: string, min: number, max: number) {
	return z.coerce
		.number({ error: `${label} must be a number.` })
		.int(`${label} must be a whole number.`)
		.min(min, `${label} must be at least ${min}.`)
		.max(max, `${label} must be at most ${max}.`);
}

/** A positive id from a hidden field or a select. */
export const recordId = z.coerce.number({ error: 'Not found.' }).int().positive('Not found.');

/** A phone number patients can dial, stored as parsePhone writes it. */
export const phoneNumber = z
	.string({ error: 'Enter a phone number.' })
	.transform((value, context) => {
		const phone = parsePhone(singleLine(value));
		if (phone === null) {
			context.addIssue({
				code: 'custom',
				message: 'Enter a phone number patients can dial, like (414) 555-0142.'
			});
			return z.NEVER;
		}
		return phone;
	});

/** An email address, trimmed. */
export const emailAddress = z
	.string({ error: 'Enter an email address.' })
	.overwrite(singleLine)
	.trim()
	.max(254, 'That email address is too long.')
	.pipe(z.email({ error: 'Enter an email address like hello@example.com.' }));

/** Whether a text is an absolute http: or https: address (no javascript:, data: or files). */
export function isWebAddress(text: string): boolean {
	if (!/^https?:\/\//i.test(text)) return false;
	try {
		const url = new URL(text);
		return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.includes('.');
	} catch {
		return false;
	}
}

/** An http(s) address, as patients' browsers will open it. */
export const webAddress = z
	.string({ error: 'Enter a web address.' })
	.trim()
	.max(1000, 'Keep the address under 1000 characters.')
	.refine(isWebAddress, 'Enter a web address starting with https:// (or http://).');

/** A wall-clock time 'HH:MM', as a time input sends it. */
export const wallTime = z
	.string({ error: 'Enter a time such as 09:00.' })
	.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Enter a time such as 09:00.');

/** A checkbox: present and "on" when ticked, absent otherwise. */
export const checkbox = z
	.string()
	.optional()
	.transform((value) => value === 'on');

/** "1 appointment", "3 appointments". */
export function appointmentCount(count: number): string {
	return `${count} appointment${count === 1 ? '' : 's'}`;
}
