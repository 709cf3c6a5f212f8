// The owner's clinic outcome report, tried as the owner would on the demo clinic's data: sign
// in, read the report, publish it (refused until confirmed), see it on the public website
// without JavaScript, linked from the testimonials and listed in the sitemap, then take it
// down again. Both pages pass axe (WCAG 2.2 AA) and vnu.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../support/axe';
import { launchBrowser, phone, type LaunchedBrowser } from '../support/browser';
import type { FormClient } from '../support/form-client';
import { pageFacts } from '../support/html';
import { startServer, type RunningServer } from '../support/server';
import { addStaffSession, staffSignIn } from '../support/staff-sign-in';
import { formatVnuMessage, validatePages } from '../support/vnu';

let server: RunningServer;
let staffBrowser: LaunchedBrowser;
let visitorBrowser: LaunchedBrowser;
let staffPage: Page;
/** A page with JavaScript on, for axe (which runs as a script); public pages render the same. */
let axePage: Page;
let visitorPage: Page;
let owner: FormClient;

const article = '/articles/can-acupuncture-help-back-pain';

async function sitemapPaths(): Promise<string[]> {
	const xml = await (await fetch(`${server.url}/sitemap.xml`)).text();
	return [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => new URL(match[1] ?? '').pathname);
}

/** Presses a form's button as a keyboard user does and waits for the next page. */
async function press(page: Page, name: string): Promise<void> {
	const button = page.getByRole('button', { name });
	await button.focus();
	await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
}

beforeAll(async () => {
	server = await startServer();
	owner = await staffSignIn(server.url)('owner');
	// The visitor reads the public page without JavaScript; axe needs it in the staff browser.
	[staffBrowser, visitorBrowser] = await Promise.all([
		launchBrowser({ javaScriptEnabled: true }),
		launchBrowser({ javaScriptEnabled: false, viewport: phone })
	]);
	await addStaffSession(staffBrowser.context, owner, server.url);
	staffPage = await staffBrowser.context.newPage();
	axePage = await staffBrowser.context.newPage();
	visitorPage = await visitorBrowser.context.newPage();
}, 90_000);

afterAll(async () => {
	await staffBrowser?.close();
	await visitorBrowser?.close();
	await server?.stop();
}, 60_000);

describe('the clinic outcome report', () => {
	it('is not on the website before the owner publishes it', async () => {
		expect((await fetch(`${server.url}/outcomes`)).status).toBe(404);
		expect(await sitemapPaths()).not.toContain('/outcomes');
		const testimonials = await (await fetch(`${server.url}/testimonials`)).text();
		expect(testimonials).not.toContain('href="/outcomes"');
	});

	it('shows the owner the demo clinic’s figures with what they cannot show first', async () => {
		const response = await staffPage.goto(`${server.url}/admin/outcomes`);
		expect(response?.status()).toBe(200);
		await expectNoAxeViolations(staffPage, '/admin/outcomes');
		expect(await staffPage.getByRole('heading', { level: 1 }).textContent()).toBe(
			'Clinic outcome report: chronic low back pain'
		);
		expect(await staffPage.locator('.lead').textContent()).toMatch(/24 patients included/);
		// The limitations come before the figures.
		const headings = await staffPage.getByRole('heading', { level: 2 }).allTextContents();
		expect(headings.indexOf('What these figures cannot show')).toBe(0);
		expect(headings).toContain('Pain right now (NPRS)');
		const main = (await staffPage.locator('main').textContent()) ?? '';
		expect(main).toContain('There is no comparison group.');
		expect(main).toMatch(/did not mark the lower back/);
		expect(main).toContain('No summary is on the website.');
		// Nothing about any one patient is on the page.
		expect(main).not.toMatch(/Demo Patient|example\.com/);
	});

	it('refuses to publish until the owner confirms, saying so next to the box', async () => {
		await press(staffPage, 'Publish this summary on the website');
		expect(await staffPage.locator('#confirm-error').textContent()).toMatch(/Tick the box/);
		await expectNoAxeViolations(staffPage, '/admin/outcomes (not confirmed)');
		expect((await fetch(`${server.url}/outcomes`)).status).toBe(404);
	});

	it('publishes the summary, which a visitor reads without JavaScript', async () => {
		await staffPage.goto(`${server.url}/admin/outcomes`);
		await staffPage.getByLabel(/I have read what these figures cannot show/).check();
		await press(staffPage, 'Publish this summary on the website');
		expect(staffPage.url()).toBe(`${server.url}/admin/outcomes?done=published`);
		expect(await staffPage.getByRole('status').textContent()).toMatch(/Published/);

		const response = await visitorPage.goto(`${server.url}/outcomes`);
		expect(response?.status()).toBe(200);
		await axePage.setViewportSize(phone);
		expect((await axePage.goto(`${server.url}/outcomes`))?.status()).toBe(200);
		await expectNoAxeViolations(axePage, '/outcomes');
		expect(await visitorPage.getByRole('heading', { level: 1 }).textContent()).toBe(
			'What happens to our patients with chronic low back pain'
		);
		const main = (await visitorPage.locator('main').textContent()) ?? '';
		expect(main).toMatch(/figures for 24 patients/);
		expect(main).toContain('What these figures cannot show');
		expect(main).toContain('There is no comparison group.');
		expect(main).toMatch(/Published on \w+ \d+, \d{4}/);
		expect(main).not.toMatch(/Demo Patient|example\.com/);
		expect(await visitorPage.locator(`a[href="${article}"]`).count()).toBe(1);

		const html = await (await fetch(`${server.url}/outcomes`)).text();
		const facts = await pageFacts(visitorPage, html);
		expect(facts.scripts.filter((script) => script.type !== 'application/ld+json')).toEqual([]);
		expect(facts.modulePreloads).toEqual([]);
		expect(facts.inlineHandlers).toEqual([]);
		expect(html).not.toMatch(/\sstyle="/);
	});

	it('is valid HTML, on the owner’s page and the public one', async () => {
		const adminHtml = (await owner.request('/admin/outcomes')).html;
		const publicHtml = await (await fetch(`${server.url}/outcomes`)).text();
		const results = await validatePages(
			new Map([
				['/admin/outcomes', adminHtml],
				['/outcomes', publicHtml]
			])
		);
		const problems = [...results].flatMap(([path, messages]) =>
			messages.map((message) => `${path}: ${formatVnuMessage(message)}`)
		);
		console.log(`vnu: ${problems.length} errors in ${results.size} documents`);
		expect(problems).toEqual([]);
	});

	it('is linked from the testimonials and listed in the sitemap while published', async () => {
		const testimonials = await (await fetch(`${server.url}/testimonials`)).text();
		expect(testimonials).toContain('href="/outcomes"');
		expect(testimonials).toMatch(
			/Results vary from person to person[\s\S]{0,400}<a href="\/outcomes">See how our patients with back pain did overall<\/a>/
		);
		expect(await sitemapPaths()).toContain('/outcomes');
	});

	it('comes off the website when the owner takes it down', async () => {
		await staffPage.goto(`${server.url}/admin/outcomes`);
		await press(staffPage, 'Take the summary off the website');
		expect(staffPage.url()).toBe(`${server.url}/admin/outcomes?done=unpublished`);
		expect((await fetch(`${server.url}/outcomes`)).status).toBe(404);
		expect(await sitemapPaths()).not.toContain('/outcomes');
		const testimonials = await (await fetch(`${server.url}/testimonials`)).text();
		expect(testimonials).not.toContain('href="/outcomes"');
	});
});
