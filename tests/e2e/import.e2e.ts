// Moving in from another system, as the owner does it in a browser: a CSV file with a bad row
// is checked and explained row by row, nothing is saved, the corrected file is uploaded again
// and imported after the owner confirms. The page passes axe (WCAG 2.2 AA) and the HTML
// validator at each step.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../support/axe';
import { launchBrowser, type LaunchedBrowser } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';
import { staffSignIn } from '../support/staff-sign-in';
import { validatePages } from '../support/vnu';

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

/** Chooses a CSV file for the upload form and submits it. */
async function uploadCsv(text: string): Promise<void> {
	await page.getByRole('radio', { name: 'Patients', exact: true }).check();
	await page.getByLabel(/CSV file/).setInputFiles({
		name: 'old-system.csv',
		mimeType: 'text/csv',
		buffer: Buffer.from(`\uFEFF${text}`, 'utf8')
	});
	await page.getByRole('button', { name: 'Upload and check' }).click();
	await page.waitForLoadState();
}

describe('importing patients from another system', () => {
	it('explains a bad row, takes the corrected file and imports it after confirmation', async () => {
		const response = await page.goto(`${server.url}/admin/import`);
		expect(response?.status()).toBe(200);
		await expectNoAxeViolations(page, 'import page');
		const html = new Map([['import page', await page.content()]]);

		const header = 'First Name,Last Name,E-mail,Mobile\r\n';
		await uploadCsv(
			`${header}Wren,Halloway,wren@example.org,(414) 555-0177\r\nIvo,Marsh,ivo-at-example,\r\n`
		);
		const errors = page.getByRole('table', { name: 'Errors' });
		expect(await errors.locator('tbody tr').count()).toBe(1);
		const cells = await errors.locator('tbody tr td').allTextContents();
		expect(cells).toEqual(['3', 'E-mail', '“ivo-at-example” is not an email address.']);
		expect(await page.getByRole('button', { name: /^Import/ }).count()).toBe(0);
		expect(await page.getByLabel('First Name', { exact: true }).inputValue()).toBe('firstName');
		await expectNoAxeViolations(page, 'import review with an error');
		html.set('import review with an error', await page.content());
		for (const [name, found] of await validatePages(html)) expect(found, name).toEqual([]);

		await uploadCsv(
			`${header}Wren,Halloway,wren@example.org,(414) 555-0177\r\nIvo,Marsh,ivo@example.org,\r\n`
		);
		expect(await page.getByRole('table', { name: 'Errors' }).count()).toBe(0);
		await page.getByRole('button', { name: 'Import 2 patients' }).click();
		await page.waitForURL(`${server.url}/admin/import?done=patients&created=2&skipped=0`);
		expect(await page.getByRole('status').textContent()).toContain('Imported 2 patients.');

		await page.goto(`${server.url}/admin/patients?q=halloway`);
		expect(await page.getByRole('link', { name: /Wren Halloway/ }).count()).toBe(1);
	});
});
