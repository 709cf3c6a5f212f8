// Consent to treatment, tried as a patient and the owner would: the patient signs on a phone
// without JavaScript (after typing a wrong name once) and opens the printable form; the owner
// publishes a new version (after one refused for claiming "no side effects"), the patient is
// asked to sign again, and staff see the form that was signed. Every page passes axe and vnu.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookFollowUp } from '../support/api-follow-up';
import { expectNoAxeViolations, expectNoAxeViolationsInStaticPage } from '../support/axe';
import { desktop, phone } from '../support/browser';
import { launchSharedBrowser, navigate, type SharedBrowser } from '../support/e2e-booking';
import { startServer, type RunningServer } from '../support/server';
import { addStaffSession, staffSignIn } from '../support/staff-sign-in';
import { formatVnuMessage, validatePages } from '../support/vnu';

let server: RunningServer;
let shared: SharedBrowser;
/** Every page met, by name, for one run of the HTML validator at the end. */
const pages = new Map<string, string>();

const patient = { name: 'Noor Consent Haddad', email: 'noor@example.com', phone: '(414) 555-0163' };
let manageUrl = '';

/** Books a follow-up through the JSON API; returns the patient's manage link. */
async function bookOne(): Promise<string> {
	const body = await bookFollowUp(server.url, {
		patient,
		idempotencyKey: `consent-${Date.now()}`
	});
	// The link as this server serves it (the configured origin may differ).
	return `${server.url}${new URL(body.manageUrl).pathname}`;
}

/** The staff browser: a desktop page with JavaScript on. */
let staffPage: Page;

/**
 * Opens a page by a link or a button, expecting `status`; checks axe and keeps the HTML. A page
 * from the browser without JavaScript is checked as a copy (the site sends no scripts of its
 * own to patients).
 */
async function step(page: Page, name: string, action: () => Promise<unknown>, status = 200) {
	const result = await navigate(page, action);
	expect(result.status, name).toBe(status);
	pages.set(name, await page.content());
	if (page.context() === staffPage.context()) {
		await expectNoAxeViolations(page, name);
	} else {
		await expectNoAxeViolationsInStaticPage(page, name);
	}
	return result;
}

beforeAll(async () => {
	server = await startServer();
	shared = await launchSharedBrowser();
	staffPage = await (
		await shared.newContext({ javaScriptEnabled: true, viewport: desktop })
	).newPage();
	manageUrl = await bookOne();
}, 90_000);
afterAll(async () => {
	await shared?.close();
	await server?.stop();
}, 30_000);

describe('consent to treatment', () => {
	let phoneContext: BrowserContext;
	let patientPage: Page;

	beforeAll(async () => {
		phoneContext = await shared.newContext({ javaScriptEnabled: false, viewport: phone });
		patientPage = await phoneContext.newPage();
	});
	afterAll(async () => {
		await phoneContext?.close();
	});

	it('a patient signs on a phone without JavaScript, after one wrong name, and prints it', async () => {
		const page = patientPage;
		await step(page, 'manage page', () => page.goto(manageUrl));
		const entry = page.getByRole('link', { name: /Consent to treatment/ });
		expect(await entry.innerText()).toContain('Please read and sign before your visit.');

		const opened = await step(page, 'consent form', () => entry.click());
		expect(new URL(opened.url).pathname).toBe(`${new URL(manageUrl).pathname}/consent`);
		expect(opened.response.headers()['cache-control']).toContain('no-store');
		await expect
			.poll(() => page.getByRole('heading', { level: 1 }).innerText())
			.toBe('Consent to acupuncture treatment');
		const risks = page.getByRole('region', { name: 'The risks, in short' });
		expect(await risks.isVisible()).toBe(true);
		expect(await risks.innerText()).toMatch(/About 9 in every 100 patients .* bruising/);
		expect(await risks.innerText()).toContain('about 1 in every 10,000 patients');
		expect(await page.locator('.consent-text').innerText()).toContain('Bäumler');
		// The name on record is the hint; the error message does not repeat it.
		expect(await page.locator('#signature-name-hint').innerText()).toContain(patient.name);

		await page.getByLabel('Type your full name').fill('Noor Haddad');
		await page.getByLabel('I have read this form and agree to treatment').check();
		await step(
			page,
			'consent form, wrong name',
			() => page.getByRole('button', { name: 'Sign the consent' }).click(),
			422
		);
		const error = page.locator('#signature-name-error');
		expect(await error.innerText()).toMatch(/does not match the name we have for you/);
		expect(await error.innerText()).not.toContain('Noor');
		expect(await page.getByRole('alert').innerText()).toMatch(/does not match/);
		expect(await page.getByLabel('Type your full name').getAttribute('aria-invalid')).toBe('true');
		expect(await page.getByLabel('Type your full name').inputValue()).toBe('Noor Haddad');
		expect(await page.getByLabel('I have read this form and agree to treatment').isChecked()).toBe(
			true
		);

		await page.getByLabel('Type your full name').fill('noor consent haddad');
		const signed = await step(page, 'consent form, signed', () =>
			page.getByRole('button', { name: 'Sign the consent' }).click()
		);
		expect(signed.url).toBe(`${manageUrl}/consent?signed=1`);
		expect(await page.getByRole('status').innerText()).toMatch(/your consent is signed/);
		expect(await page.locator('main').innerText()).toMatch(
			/Signed on \w+ \d+, \d{4} \(version 1\)/
		);
		expect(await page.getByRole('button', { name: 'Sign the consent' }).count()).toBe(0);

		await step(page, 'signed form (patient)', () =>
			page.getByRole('link', { name: 'View or print your signed form' }).click()
		);
		const record = page.locator('.consent-record');
		expect(await record.innerText()).toContain('noor consent haddad');
		expect(await record.innerText()).toContain('Version 1');
		expect(await page.locator('.consent-record code.hash').innerText()).toMatch(/^[0-9a-f]{64}$/);
		await page.emulateMedia({ media: 'print' });
		expect(await page.locator('.site-header').isVisible()).toBe(false);
		expect(await page.getByRole('link', { name: 'Back to your appointment' }).isVisible()).toBe(
			false
		);
		expect(await record.isVisible()).toBe(true);
		await page.emulateMedia({ media: 'screen' });

		await step(page, 'manage page, signed', () => page.goto(manageUrl));
		expect(await page.getByRole('link', { name: /Consent to treatment/ }).innerText()).toMatch(
			/Signed on .* \(version 1\)/
		);
	});

	it('the owner publishes a new version, the patient is asked again, and staff see what was signed', async () => {
		const owner = await staffSignIn(server.url)('owner');
		// The staff pages are checked where they are opened: a desktop browser with JavaScript.
		const page = staffPage;
		await page.setViewportSize(desktop);
		await addStaffSession(page.context(), owner, server.url);
		await step(page, 'settings', () => page.goto(`${server.url}/admin/settings`));
		await step(page, 'consent settings', () =>
			page.getByRole('link', { name: 'Consent to treatment' }).click()
		);
		const facts = page.locator('dl.facts');
		expect(await facts.innerText()).toContain('Default text (created automatically)');
		const body = page.getByLabel('Text (Markdown)');
		const original = await body.inputValue();
		expect(original).toContain('About 9 in every 100 patients');

		await body.fill(`${original}\nAcupuncture has no side effects.`);
		await step(
			page,
			'consent settings, refused',
			() => page.getByRole('button', { name: 'Publish as version 2' }).click(),
			422
		);
		expect(await page.getByRole('alert').first().innerText()).toMatch(
			/Not published[\s\S]*no side effects/
		);
		expect(await page.locator('.consent-versions tbody tr').count()).toBe(1);

		await page
			.getByLabel('Text (Markdown)')
			.fill(`${original}\nWe also offer gua sha; you may refuse it.`);
		await step(page, 'consent settings, preview', () =>
			page.getByRole('button', { name: 'Preview' }).click()
		);
		const preview = page.getByRole('region', { name: 'Preview (not published)' });
		expect(await preview.innerText()).toContain('We also offer gua sha');
		expect(await page.locator('.consent-versions tbody tr').count()).toBe(1);

		const published = await step(page, 'consent settings, published', () =>
			page.getByRole('button', { name: 'Publish as version 2' }).click()
		);
		expect(published.url).toBe(`${server.url}/admin/settings/consent?published=2`);
		expect(await page.getByRole('status').innerText()).toContain('Version 2 is published');
		expect(await page.locator('.consent-versions tbody tr').count()).toBe(2);
		expect(await page.locator('dl.facts').innerText()).toContain('Demo Owner');

		// The patient is asked to sign the new version before the next visit.
		const phonePage = patientPage;
		await step(phonePage, 'manage page, new version', () => phonePage.goto(manageUrl));
		expect(await phonePage.getByRole('link', { name: /Consent to treatment/ }).innerText()).toMatch(
			/updated the form .* sign the new version before your next visit/
		);
		await step(phonePage, 'consent form, new version', () =>
			phonePage.getByRole('link', { name: /Consent to treatment/ }).click()
		);
		expect(await phonePage.locator('main').innerText()).toMatch(
			/We have updated this form since you signed version 1/
		);
		expect(await phonePage.locator('.consent-text').innerText()).toContain('gua sha');
		expect(await phonePage.getByRole('button', { name: 'Sign the consent' }).count()).toBe(1);

		// Staff: the patient's page says an older version is signed and opens that form.
		const search = await owner.request(`/admin/patients?q=${encodeURIComponent('Haddad')}`);
		const patientId = /href="\/admin\/patients\/(\d+)"/.exec(search.html)?.[1];
		expect(patientId).toBeDefined();
		await step(page, 'patient page', () => page.goto(`${server.url}/admin/patients/${patientId}`));
		expect(await page.locator('dl.facts').first().innerText()).toMatch(
			/Consent\s+signed an older version \(version 1, /
		);
		await step(page, 'signed form (staff)', () =>
			page.getByRole('link', { name: 'view the signed form' }).click()
		);
		const record = page.locator('.consent-record');
		expect(await record.innerText()).toContain('noor consent haddad');
		expect(await record.innerText()).not.toContain('gua sha');
		await page.emulateMedia({ media: 'print' });
		expect(await page.locator('.site-header').isVisible()).toBe(false);
		await page.emulateMedia({ media: 'screen' });
	});

	it('every page met is valid HTML', async () => {
		expect(pages.size).toBeGreaterThan(10);
		for (const [name, found] of await validatePages(pages)) {
			expect(found.map(formatVnuMessage), name).toEqual([]);
		}
	}, 120_000);
});
