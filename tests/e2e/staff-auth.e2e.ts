// Staff sign-in over HTTP with no JavaScript at all (plain form posts, as a browser with
// scripts off would send them): first sign-in with TOTP enrolment, sign-out, sign-in again
// with a code; cookies, redirects and the Content-Security-Policy as the browser sees them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAuthService } from '../../src/lib/server/auth/service';
import { Authenticator } from '../../src/lib/server/auth/totp.test-support';
import { connect } from '../../src/lib/server/db/connection';
import { FormClient as Client } from '../support/form-client';
import { startServer, type RunningServer } from '../support/server';

const secret = 'e2e-secret-0b7c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c';
const password = 'quiet lantern orbit 47';
let server: RunningServer;

beforeAll(async () => {
	server = await startServer({ env: { AUTH_SECRET: secret } });
	const handle = connect({ databaseUrl: null, dataDir: server.dataDir });
	const service = createStaffAuthService({
		db: handle.db,
		dialect: 'sqlite',
		secret,
		origin: new URL(server.url),
		issuer: 'Clinic staff'
	});
	const id = await service.createStaffMember({
		email: 'owner@example.org',
		name: 'Olive Owner',
		role: 'owner'
	});
	await service.setPassword(id, password);
	await handle.close();
}, 60_000);
afterAll(async () => {
	await server?.stop();
});

describe('staff sign-in without JavaScript', () => {
	let authenticator: Authenticator;

	it('guards staff pages on the server', async () => {
		const client = new Client(server.url);
		const { response } = await client.request('/admin');
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe('/admin/sign-in');
	});

	it('enrols at first sign-in and ships no script', async () => {
		const client = new Client(server.url);
		const page = await client.request('/admin/sign-in');
		expect(page.response.status).toBe(200);
		expect(page.html).not.toMatch(/<script/i);
		const csp = page.response.headers.get('content-security-policy') ?? '';
		expect(csp).toMatch(/script-src 'self'/);
		expect(csp).not.toMatch(/unsafe-inline/);

		const wrong = await client.request('/admin/sign-in', {
			email: 'owner@example.org',
			password: 'not the password at all'
		});
		expect(wrong.response.status).toBe(401);
		expect(wrong.html).toContain('do not match an account');

		const first = await client.request('/admin/sign-in', { email: 'owner@example.org', password });
		expect(first.response.status).toBe(200);
		expect([...client.jar.keys()]).toEqual(['clinic.session_token']);
		const raw = first.response.headers.getSetCookie().join('\n');
		expect(raw).toMatch(/HttpOnly/);
		expect(raw).toMatch(/SameSite=Lax/);
		const uri = /href="(otpauth:[^"]+)"/.exec(first.html)?.[1]?.replaceAll('&amp;', '&');
		expect(uri).toBeDefined();
		authenticator = new Authenticator(uri!);
		expect(first.html).toMatch(/<img class="qr" src="data:image\/svg\+xml;base64,/);

		// Until enrolled, everything else sends back to enrolment.
		const elsewhere = await client.request('/admin');
		expect(elsewhere.response.headers.get('location')).toBe('/admin/enrol');

		const done = await client.request('/admin/enrol?/confirm', {
			code: await authenticator.nextCode()
		});
		expect(done.response.status).toBe(200);
		expect(done.html.match(/<li><code>/g)).toHaveLength(10);
		const home = await client.request('/admin');
		expect(home.response.status).toBe(200);
		expect(home.html).toContain('Signed in as Olive Owner (Owner)');

		const out = await client.request('/admin?/signOut', {});
		expect(out.response.status).toBe(303);
		// The session is gone; the browser stays known to the account (ADR 0032).
		expect([...client.jar.keys()]).toEqual(['clinic.known_device']);
	});

	it('asks for the TOTP code at the next sign-in', async () => {
		const client = new Client(server.url);
		const first = await client.request('/admin/sign-in', { email: 'owner@example.org', password });
		expect(first.response.status).toBe(303);
		expect(first.response.headers.get('location')).toBe('/admin/code');
		expect([...client.jar.keys()]).toEqual(['clinic.two_factor']);
		expect((await client.request('/admin')).response.status).toBe(303);
		const bad = await client.request('/admin/code', { code: '000000' });
		expect(bad.response.status).toBe(401);
		const ok = await client.request('/admin/code', { code: await authenticator.nextCode() });
		expect(ok.response.headers.get('location')).toBe('/admin');
		expect([...client.jar.keys()]).toEqual(['clinic.session_token', 'clinic.known_device']);
		const home = await client.request('/admin');
		expect(home.html).toContain('Signed in as Olive Owner');
	});
});
