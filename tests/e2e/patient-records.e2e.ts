// The front desk edits a patient's contact details and preferences through the patient page's
// forms, sees each edit in the history, is stopped (losing nothing typed) when someone else
// saved first, and the page passes axe and the HTML validator, error states included.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookFollowUp } from '../support/api-follow-up';
import { expectNoAxeViolations } from '../support/axe';
import { launchBrowser, type LaunchedBrowser } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';
import { staffSignIn } from '../support/staff-sign-in';
import { validatePages } from '../support/vnu';

let server: RunningServer;
let browser: LaunchedBrowser;
let signIn: ReturnType<typeof staffSignIn>;

/** Books one follow-up through the API, as a patient online would. */
function bookOne(): Promise<{ id: number }> {
	return bookFollowUp(server.url, {
		patient: { name: 'Pia Record', email: 'pia@example.com', phone: '(414) 555-0155' },
		idempotencyKey: `pr-${Date.now()}`
	});
}

beforeAll(async () => {
	server = await startServer();
	signIn = staffSignIn(server.url);
	browser = await launchBrowser({
		javaScriptEnabled: true,
		viewport: { width: 1280, height: 800 }
	});
}, 60_000);
afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

describe('patient records', () => {
	it('lets the front desk edit contact details and preferences, with history', async () => {
		const booked = await bookOne();
		const desk = await signIn('front_desk');
		const found = await desk.request('/admin/patients?q=pia');
		const patientId = /href="\/admin\/patients\/(\d+)"/.exec(found.html)?.[1];
		expect(patientId).toBeDefined();
		const path = `/admin/patients/${patientId}`;

		const url = new URL(server.url);
		await browser.context.addCookies(
			[...desk.jar].map(([name, value]) => ({ name, value, domain: url.hostname, path: '/' }))
		);
		const page = await browser.context.newPage();
		const html = new Map<string, string>();
		try {
			await page.goto(`${server.url}${path}`);
			expect(await page.locator('h1').textContent()).toBe('Pia Record');
			expect(await page.locator('#phone').inputValue()).toBe('(414) 555-0155');

			// A mistake first: the error sits next to the field and in the summary, input kept.
			await page.fill('#email', 'pia-at-example');
			await page.click('button:has-text("Save contact details")');
			await page.waitForLoadState();
			expect(await page.locator('#email-error').textContent()).toContain('email address');
			expect(await page.locator('#email').getAttribute('aria-invalid')).toBe('true');
			expect(await page.locator('.notice[role="alert"] a[href="#email"]').count()).toBe(1);
			expect(await page.locator('#email').inputValue()).toBe('pia-at-example');
			html.set(`${path} (invalid)`, await page.content());
			await expectNoAxeViolations(page, `${path} (invalid)`);

			await page.fill('#email', 'pia.new@example.com');
			await page.fill('#phone', '(414) 555-0166');
			await page.click('button:has-text("Save contact details")');
			await page.waitForURL(`${server.url}${path}?saved=contact`);
			expect(await page.locator('[role="status"]').textContent()).toContain(
				'Contact details saved'
			);
			expect(await page.locator('#phone').inputValue()).toBe('(414) 555-0166');

			await page.check('input[name="preferredContact"][value="phone"]');
			await page.uncheck('input[name="reminderEmail"]');
			await page.fill('#contactNote', 'Call after 5pm');
			await page.click('button:has-text("Save preferences")');
			await page.waitForURL(`${server.url}${path}?saved=preferences`);
			const facts = await page.locator('dl.facts').first().textContent();
			expect(facts).toContain(
				'Prefers phone; no voicemail; no reminder emails; note: Call after 5pm'
			);

			const history = await page.locator('h2#history-title + p + ul').textContent();
			for (const text of [
				'Version 3',
				'communication preferences changed',
				'Version 2',
				'contact details edited',
				'Front Desk',
				'pia@example.com',
				'pia.new@example.com',
				'Version 1',
				'as booked'
			]) {
				expect(history, text).toContain(text);
			}
			html.set(path, await page.content());
			await expectNoAxeViolations(page, path);

			// The appointment page tells the front desk how to reach the patient.
			await page.goto(`${server.url}/admin/appointments/${booked.id}`);
			expect(await page.locator('dl.facts').textContent()).toContain('Prefers phone; no voicemail');
		} finally {
			await page.close();
		}

		// A form read at version 1 is refused now: what was typed comes back beside what is saved.
		const stale = await desk.request(`${path}?/contact`, {
			version: '1',
			name: 'Pia Record',
			email: 'pia@example.com',
			phone: '(414) 555-0199'
		});
		expect(stale.response.status).toBe(409);
		expect(stale.html).toContain('Someone else saved this record');
		expect(stale.html).toContain('value="(414) 555-0199"');
		expect(stale.html).toMatch(/Saved now:[\s\S]*\(414\) 555-0166/);
		expect(stale.html).toContain('name="version" value="3"');
		html.set(`${path} (stale)`, stale.html);

		for (const [name, found] of await validatePages(html)) expect(found, name).toEqual([]);
	});
});
