import { describe, expect, it } from 'vitest';
import {
	parseSignInRequest,
	patientSessionCookieName,
	signInAnswer,
	signInEmail,
	signInLinkMinutes
} from './sign-in';

describe('patient sign-in rules', () => {
	it('accepts a well-formed address, trimmed', () => {
		expect(parseSignInRequest({ email: '  Ann@Example.com ' })).toEqual({
			ok: true,
			email: 'Ann@Example.com'
		});
	});

	it('says what is wrong with an empty or malformed address, keeping what was typed', () => {
		expect(parseSignInRequest({})).toMatchObject({ ok: false, email: '' });
		const wrong = parseSignInRequest({ email: 'not an address' });
		expect(wrong).toMatchObject({ ok: false, email: 'not an address' });
		if (!wrong.ok) expect(wrong.message).toMatch(/name@example\.com/);
	});

	it('answers the same words whether or not the address is known, naming the 15 minutes', () => {
		expect(signInLinkMinutes).toBe(15);
		expect(signInAnswer).toContain('If that address is on a patient record');
		expect(signInAnswer).toContain('15 minutes');
	});

	it('uses a __Host- cookie only on https', () => {
		expect(patientSessionCookieName(true)).toBe('__Host-patient_session');
		expect(patientSessionCookieName(false)).toBe('patient_session');
	});

	it('the email carries the link and the clinic name, and nothing about a visit', () => {
		const email = signInEmail('Lakeside Acupuncture', 'https://clinic.example/account/sign-in/x');
		expect(email.subject).toContain('Lakeside Acupuncture');
		expect(email.text).toContain('https://clinic.example/account/sign-in/x');
		expect(email.text).toContain('15 minutes');
		expect(email.text).not.toMatch(/\b(?:pain|back|practitioner|appointment on)\b/i);
	});
});
