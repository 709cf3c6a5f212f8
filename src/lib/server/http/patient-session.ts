import { redirect, type Cookies } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import { patientSessionCookieName } from '$lib/domain/patients/sign-in';
import { db, runtime } from '../runtime';
import { findPatientSession, type PatientSession } from '../services/patient-sign-in';

/*
 * The patient's session cookie (ADR 0030): a random token, HttpOnly and SameSite=Lax,
 * `__Host-` and Secure when the site is on https, with no Max-Age (it ends with the browser;
 * the server ends it after 30 idle minutes or its maximum lifetime anyway).
 */

function https(): boolean {
	return runtime().config.origin.protocol === 'https:';
}

/** The session cookie's name on this site. */
export function patientCookieName(): string {
	return patientSessionCookieName(https());
}

export function setPatientSessionCookie(cookies: Cookies, token: string): void {
	cookies.set(patientCookieName(), token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: https()
	});
}

export function clearPatientSessionCookie(cookies: Cookies): void {
	cookies.delete(patientCookieName(), {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: https()
	});
}

/**
 * The signed-in patient, or a redirect to the sign-in page (saying why when a session existed
 * but ended). Called by every load and action behind `/account`, so each request counts as
 * activity and none is served from a session that has ended.
 */
export async function requirePatientSession(cookies: Cookies): Promise<PatientSession> {
	const token = cookies.get(patientCookieName());
	const session = await findPatientSession(db(), token, Temporal.Now.instant());
	if (session) return session;
	if (token) clearPatientSessionCookie(cookies);
	redirect(303, token ? '/account/sign-in?ended=1' : '/account/sign-in');
}
