// The owner's settings for the clinic, its locations, rooms and practitioners, as the owner
// uses them in a browser: a change shows on the public website at once, mistakes are explained
// beside their fields, and every settings page passes axe (WCAG 2.2 AA) and the HTML validator.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../support/axe';
import { launchBrowser, type LaunchedBrowser } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';
import { staffSignIn } from '../support/staff-sign-in';
import { formatVnuMessage, validatePages } from '../support/vnu';

let server: RunningServer;
let browser: LaunchedBrowser;
let page: Page;

beforeAll(async () => {
	server = await startServer();
	browser = await launchBrowser({ javaScriptEnabled: true });
	const owner = await staffSignIn(server.url)('owner');
	const url = new URL(server.url);
	await browser.context.addCookies(
		[...owner.jar].map(([name, value]) => ({ name, value, domain: url.hostname, path: '/' }))
	);
	page = await browser.context.newPage();
}, 90_000);
afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

/** Opens a staff page and fails unless it answers 200. */
async function open(path: string): Promise<void> {
	const response = await page.goto(`${server.url}${path}`);
	expect(response?.status(), path).toBe(200);
}

/** The public page's HTML, as a patient's browser receives it. */
async function publicHtml(path: string): Promise<string> {
	const response = await fetch(`${server.url}${path}`);
	expect(response.status, path).toBe(200);
	return response.text();
}

describe("the owner's settings", () => {
	it('changes the tagline, and the public home page shows it', async () => {
		const tagline = 'Calm, careful acupuncture two streets from the lake.';
		expect(await publicHtml('/')).not.toContain(tagline);
		await open('/admin/settings');
		await page.getByRole('link', { name: 'Clinic profile' }).click();
		await page.waitForURL(`${server.url}/admin/settings/clinic`);
		await page.getByLabel('Tagline').fill(tagline);
		await page.getByRole('button', { name: 'Save the clinic profile' }).click();
		await page.waitForURL(`${server.url}/admin/settings/clinic?saved=profile`);
		expect(await page.getByRole('status').textContent()).toContain('Saved');
		expect(await publicHtml('/')).toContain(tagline);
	});

	it('explains a wrong phone number beside the field and in the summary', async () => {
		await open('/admin/settings/clinic');
		await page.getByLabel('Phone').fill('555-01');
		await page.getByRole('button', { name: 'Save the clinic profile' }).click();
		await page.waitForLoadState();
		const summary = page.getByRole('alert');
		expect(await summary.textContent()).toContain('Phone: Enter a phone number patients can dial');
		expect(await summary.getByRole('link').getAttribute('href')).toBe('#phone');
		expect(await page.locator('#phone').getAttribute('aria-invalid')).toBe('true');
		expect(await page.locator('#phone-error').textContent()).toContain('(414) 555-0142');
		await expectNoAxeViolations(page, 'clinic profile with an error');
		// Nothing was saved: the public site still shows the clinic's number.
		expect(await publicHtml('/contact')).toContain('(414) 555-0142');
	});

	it('adds a room', async () => {
		await open('/admin/settings/rooms');
		const form = page.locator('form[action="?/add"]');
		await form.getByLabel('Name').fill('Treatment room 3');
		await form.getByLabel('Kind').selectOption('treatment');
		await page.getByRole('button', { name: 'Add the room' }).click();
		await page.waitForURL(`${server.url}/admin/settings/rooms?saved=added`);
		expect(await page.getByRole('heading', { name: 'Treatment room 3' }).count()).toBe(1);
	});

	it("edits a practitioner's title, and the public team page shows it", async () => {
		const title = 'Acupuncturist and herbalist for long-standing back pain';
		await open('/admin/settings/practitioners');
		await page.getByRole('link', { name: 'Mei Lin Okafor', exact: true }).click();
		await page.waitForURL(/\/admin\/settings\/practitioners\/\d+$/);
		await page.getByLabel('Title').fill(title);
		await page.getByRole('button', { name: 'Save the profile' }).click();
		await page.waitForURL(/\?saved=profile$/);
		expect(await publicHtml('/practitioners')).toContain(title);
	});

	it('shows the day’s automatic backup, and keeps backups and sent emails as the owner says', async () => {
		await open('/admin/settings');
		await page.getByRole('link', { name: 'Backups and retention' }).click();
		await page.waitForURL(`${server.url}/admin/settings/backups`);
		// The server took today's backup soon after it started.
		const backups = page.getByRole('region', { name: 'Backups', exact: true });
		expect((await backups.textContent())?.replace(/\s+/g, ' ')).toMatch(
			/Last backup: .+ UTC, [\d.]+ (KB|MB) \(backups\/daily-\d{8}-\d{6}Z\.sqlite/
		);
		await page.getByLabel('Daily backups kept').fill('0');
		await page.getByRole('button', { name: 'Save the retention settings' }).click();
		await page.waitForLoadState();
		expect(await page.locator('#dailyBackupsKept-error').textContent()).toContain('at least 1');
		await expectNoAxeViolations(page, 'backups and retention with an error');
		await page.getByLabel('Daily backups kept').fill('30');
		await page.getByLabel('Days sent emails are kept').fill('60');
		await page.getByRole('button', { name: 'Save the retention settings' }).click();
		await page.waitForURL(`${server.url}/admin/settings/backups?saved=retention`);
		expect(await page.getByLabel('Daily backups kept').inputValue()).toBe('30');
		expect(await page.getByLabel('Days sent emails are kept').inputValue()).toBe('60');
		// Nothing to warn the owner about on the home page.
		await open('/admin');
		expect(await page.getByRole('heading', { name: 'Backups need your attention' }).count()).toBe(
			0
		);
	});

	it('passes axe and the HTML validator on every settings page', async () => {
		await open('/admin/settings/practitioners');
		const href = await page
			.getByRole('link', { name: 'Daniel Brandt', exact: true })
			.getAttribute('href');
		const html = new Map<string, string>();
		for (const path of [
			'/admin/settings',
			'/admin/settings/clinic',
			'/admin/settings/locations',
			'/admin/settings/rooms',
			'/admin/settings/practitioners',
			'/admin/settings/backups',
			href ?? '/admin/settings/practitioners/2'
		]) {
			await open(path);
			await expectNoAxeViolations(page, path);
			html.set(path, await page.content());
		}
		// A form sent back with errors, as people who make a mistake see it.
		await open('/admin/settings/locations');
		await page.getByLabel('Map link').first().fill('javascript:alert(1)');
		await page.getByRole('button', { name: /^Save / }).click();
		await page.waitForLoadState();
		expect(await page.getByRole('alert').first().textContent()).toContain('Map link');
		await expectNoAxeViolations(page, 'locations with an error');
		html.set('locations with an error', await page.content());

		const problems: string[] = [];
		for (const [path, messages] of await validatePages(html)) {
			for (const message of messages) problems.push(`${path}: ${formatVnuMessage(message)}`);
		}
		expect(problems).toEqual([]);
	});
});
