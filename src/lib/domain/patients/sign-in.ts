import { z } from 'zod';
import { contactDetailsSchema } from '../booking/contact-details';

/*
 * A patient's sign-in by emailed one-time link (issue 12, ADR 0030): the rules and words, with
 * no clock, database or framework. The link proves control of the inbox, nothing else does.
 */

/** How long an emailed sign-in link works. */
export const signInLinkMinutes = 15;
/** A session unused this long is signed out. */
export const sessionIdleMinutes = 30;
/** A session ends this long after it started, however busy. */
export const sessionMaxHours = 8;

/** Sign-in requests allowed per email address, and per client address, in the window. */
export const signInRateLimits = {
	perEmail: { limit: 3, windowSeconds: 15 * 60 },
	perAddress: { limit: 10, windowSeconds: 15 * 60 }
} as const;

/** The one answer to every well-formed request, known address or not. */
export const signInAnswer = `If that address is on a patient record, we have sent a link to it; it works for ${signInLinkMinutes} minutes.`;

/** The session cookie: `__Host-` (Secure, path /, no Domain) whenever the site is on https. */
export function patientSessionCookieName(https: boolean): string {
	return https ? '__Host-patient_session' : 'patient_session';
}

const signInRequestSchema = z.object({ email: contactDetailsSchema.shape.email });

/** The typed address, or the message to show beside the field. */
export function parseSignInRequest(
	form: Record<string, unknown>
): { ok: true; email: string } | { ok: false; email: string; message: string } {
	const parsed = signInRequestSchema.safeParse({ email: form.email ?? '' });
	if (parsed.success) return { ok: true, email: parsed.data.email };
	const raw = typeof form.email === 'string' ? form.email.slice(0, 254) : '';
	return {
		ok: false,
		email: raw,
		message: parsed.error.issues[0]?.message ?? 'Please enter your email address.'
	};
}

/** The sign-in email: the clinic's name and the link, nothing about any visit or record. */
export function signInEmail(clinicName: string, link: string): { subject: string; text: string } {
	return {
		subject: `${clinicName}: your sign-in link`,
		text: [
			`Someone asked to sign in to their page at ${clinicName} with this email address.`,
			'',
			'To see your visits, forms and progress, open this link and press "Sign in":',
			link,
			'',
			`The link works once, for ${signInLinkMinutes} minutes. Please do not forward this email: whoever has the link can sign in as you.`,
			'',
			'If you did not ask for it, you can ignore this email; nothing changes.'
		].join('\n')
	};
}
