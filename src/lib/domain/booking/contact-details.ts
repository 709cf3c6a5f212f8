import { z } from 'zod';
import { singleLine } from '../text/clean-text';

/*
 * What a patient gives when booking. Messages are written for the person filling the form,
 * and appear next to the field they belong to.
 */

const phonePattern = /^[+()\d][\d\s().-]{6,24}$/;

export const contactDetailsSchema = z.object({
	name: z
		.string({ error: 'Please enter your name.' })
		// Single-line fields: line breaks and tabs become spaces (clean-text.ts).
		.overwrite(singleLine)
		.trim()
		.min(2, 'Please enter your full name.')
		.max(120, 'Please keep your name under 120 characters.'),
	email: z
		.string({ error: 'Please enter your email address.' })
		.overwrite(singleLine)
		.trim()
		.max(254, 'That email address is too long.')
		.pipe(z.email({ error: 'Please enter an email address like name@example.com.' })),
	phone: z
		.string({ error: 'Please enter a phone number.' })
		.overwrite(singleLine)
		.trim()
		.regex(phonePattern, 'Please enter a phone number we can call, like (414) 555-0100.')
		.refine((value) => value.replace(/\D/g, '').length >= 7, {
			message: 'Please enter a phone number we can call, like (414) 555-0100.'
		}),
	newPatient: z.boolean({ error: 'Please tell us whether you have visited us before.' }),
	note: z
		.string()
		.trim()
		.max(500, 'Please keep the note under 500 characters.')
		.transform((value) => (value === '' ? null : value))
		.nullable()
		.default(null)
});

export type ContactDetails = z.infer<typeof contactDetailsSchema>;

/** Field errors keyed by field name, the first message for each. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
	const errors: Record<string, string> = {};
	for (const issue of error.issues) {
		const key = issue.path.map(String).join('.') || 'form';
		errors[key] ??= issue.message;
	}
	return errors;
}
