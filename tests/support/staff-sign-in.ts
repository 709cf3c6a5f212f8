// Signs the demo clinic's staff in through the real forms, as their browsers would, keeping
// each account's authenticator so that later sign-ins answer the code step.
import type { BrowserContext } from 'playwright-core';
import { expect } from 'vitest';
import { demoStaff } from '../../src/lib/server/auth/onboarding';
import { Authenticator } from '../../src/lib/server/auth/totp.test-support';
import type { StaffRole } from '../../src/lib/domain/staff/roles';
import { FormClient } from './form-client';

/** Signs demo accounts in on one server. */
export function staffSignIn(baseUrl: string) {
	const authenticators = new Map<string, Authenticator>();
	return async function signIn(role: StaffRole): Promise<FormClient> {
		const account = demoStaff.find((entry) => entry.role === role);
		if (!account) throw new Error(`no demo ${role}`);
		const client = new FormClient(baseUrl);
		const first = await client.request('/admin/sign-in', {
			email: account.email,
			password: account.password
		});
		const known = authenticators.get(role);
		if (known) {
			expect(first.response.headers.get('location')).toBe('/admin/code');
			const code = await client.request('/admin/code', { code: await known.nextCode() });
			expect(code.response.headers.get('location')).toBe('/admin');
			return client;
		}
		const uri = /href="(otpauth:[^"]+)"/.exec(first.html)?.[1]?.replaceAll('&amp;', '&');
		if (!uri) throw new Error(`no enrolment for ${role}: ${first.response.status}`);
		const authenticator = new Authenticator(uri);
		authenticators.set(role, authenticator);
		const enrolled = await client.request('/admin/enrol?/confirm', {
			code: await authenticator.nextCode()
		});
		expect(enrolled.response.status).toBe(200);
		return client;
	};
}

/**
 * Gives a browser a signed-in staff member's session: the client's cookies, for the whole
 * site at `baseUrl`, so that pages open in the browser as that account.
 */
export async function addStaffSession(
	context: BrowserContext,
	client: FormClient,
	baseUrl: string
): Promise<void> {
	const { hostname } = new URL(baseUrl);
	await context.addCookies(
		[...client.jar].map(([name, value]) => ({ name, value, domain: hostname, path: '/' }))
	);
}
