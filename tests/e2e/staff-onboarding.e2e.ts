// How a clinic gets its first staff sign-in: a real clinic's one-time owner setup link
// printed at start-up, and the demo clinic's printed accounts; plus accessibility of the
// sign-in pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoStaff } from '../../src/lib/server/auth/onboarding';
import { expectNoAxeViolations } from '../support/axe';
import { launchBrowser } from '../support/browser';
import { FormClient } from '../support/form-client';
import { startServer, type RunningServer } from '../support/server';
import { validatePages } from '../support/vnu';

describe('a real clinic (CLINIC_DEMO=off)', () => {
	let server: RunningServer;
	beforeAll(async () => {
		server = await startServer({ env: { CLINIC_DEMO: 'off' } });
	}, 60_000);
	afterAll(async () => {
		await server?.stop();
	});

	it('prints a one-time link that creates the owner, refusing a weak password first', async () => {
		const link = server.output().match(/http:\/\/[^\s]+\/admin\/setup\/[\w-]+/)?.[0];
		expect(link, server.output()).toBeTruthy();
		const path = new URL(link ?? '').pathname;
		const client = new FormClient(server.url);
		const page = await client.request(path);
		expect(page.response.status).toBe(200);
		expect(page.html).toContain('Create the owner account');

		const weak = await client.request(path, {
			name: 'Rae Owner',
			email: 'rae@clinic.example',
			password: 'password1234'
		});
		expect(weak.response.status).toBe(422);
		const strong = await client.request(path, {
			name: 'Rae Owner',
			email: 'rae@clinic.example',
			password: 'amber tide lantern 94'
		});
		expect(strong.response.status).toBe(303);
		expect(strong.response.headers.get('location')).toBe('/admin/sign-in?setup=done');
		// Used once: the link is gone.
		expect((await client.request(path)).response.status).toBe(404);

		const signedIn = await client.request('/admin/sign-in', {
			email: 'rae@clinic.example',
			password: 'amber tide lantern 94'
		});
		expect(signedIn.response.status).toBe(200);
		expect(signedIn.html).toContain('Set up your authenticator app');
	});

	it('has no demo accounts', async () => {
		const client = new FormClient(server.url);
		const attempt = await client.request('/admin/sign-in', {
			email: demoStaff[0]?.email ?? '',
			password: demoStaff[0]?.password ?? ''
		});
		expect(attempt.response.status).toBe(401);
		expect(server.output()).not.toContain('Demo staff accounts');
	});
});

describe('the demo clinic', () => {
	let server: RunningServer;
	beforeAll(async () => {
		server = await startServer();
	}, 60_000);
	afterAll(async () => {
		await server?.stop();
	});

	it('prints an account for each role, and each can sign in', async () => {
		expect(server.output()).toContain('Demo staff accounts');
		for (const account of demoStaff) {
			expect(server.output()).toContain(account.email);
			const client = new FormClient(server.url);
			const result = await client.request('/admin/sign-in', {
				email: account.email,
				password: account.password
			});
			expect(result.response.status, account.role).toBe(200);
			expect(result.html).toContain('Set up your authenticator app');
		}
	});

	it('sends visitors and their form posts to sign in, before any page or action runs', async () => {
		const client = new FormClient(server.url);
		for (const path of ['/admin', '/admin/enrol', '/admin?/stay']) {
			const answer = await client.request(path, path.includes('?/') ? {} : undefined);
			expect(answer.response.status, path).toBe(303);
			expect(answer.response.headers.get('location')).toBe('/admin/sign-in');
		}
	});

	it('sign-in pages pass axe (WCAG 2.2 AA) and the HTML validator', async () => {
		const browser = await launchBrowser({
			javaScriptEnabled: true,
			viewport: { width: 390, height: 844 }
		});
		try {
			const page = await browser.context.newPage();
			const html = new Map<string, string>();
			for (const path of ['/admin/sign-in', '/admin/code']) {
				const response = await page.goto(`${server.url}${path}`);
				expect(response?.status()).toBe(200);
				html.set(path, await page.content());
				await expectNoAxeViolations(page, path);
			}
			const messages = await validatePages(html);
			for (const [path, found] of messages) expect(found, path).toEqual([]);
		} finally {
			await browser.close();
		}
	});
});
