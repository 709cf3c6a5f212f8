// A real clinic goes live (issue 13): an empty clinic (CLINIC_DEMO=off) from the setup link it
// prints, in Chromium, through the second factor, every workspace page on the empty database,
// each setup step (with axe), an invited practitioner's own link, the "Open online booking"
// switch, and a patient's booking on a phone-sized page down to the confirmation email. Prints
// what the owner typed and how long the journey took.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpFromUri } from '../../src/lib/server/auth/totp.test-support';
import { expectNoAxeViolations } from '../support/axe';
import { launchBrowser, phone, type LaunchedBrowser } from '../support/browser';
import { mailTo, waitForEmails } from '../support/e2e-booking';
import { projectRoot, startServer, type RunningServer } from '../support/server';
import { formatVnuMessage, validatePages } from '../support/vnu';

let server: RunningServer;
let owner: LaunchedBrowser;

beforeAll(async () => {
	server = await startServer({ env: { CLINIC_DEMO: 'off' } });
	owner = await launchBrowser();
}, 60_000);
afterAll(async () => {
	await owner?.close();
	await server?.stop();
});

/** Each page checked with axe, as rendered, for the HTML validator at the end. */
const checked = new Map<string, string>();

/** axe (WCAG 2.2 AA) now, and the page kept for the HTML validator. */
async function check(page: Page, label: string): Promise<void> {
	await expectNoAxeViolations(page, label);
	checked.set(label, await page.content());
}

/** Every field the owner typed into (not chosen from a list), for the closing note. */
const typed: string[] = [];

async function type(page: Page, label: string, value: string, id?: string): Promise<void> {
	const field = id ? page.locator(`#${id}`) : page.getByLabel(label, { exact: true });
	await field.fill(value);
	typed.push(label);
}

/** Clicks a submit button and waits for the page it leads to; returns its status. */
async function submit(page: Page, name: string | RegExp): Promise<number> {
	const [response] = await Promise.all([
		page.waitForNavigation(),
		page.getByRole('button', { name, exact: typeof name === 'string' }).click()
	]);
	return response?.status() ?? 0;
}

async function open(page: Page, path: string): Promise<number> {
	const response = await page.goto(`${server.url}${path}`);
	return response?.status() ?? 0;
}

/** The workspace's pages, from src/routes/admin, with a made-up id for each parameter. */
function adminPaths(): string[] {
	const root = join(projectRoot, 'src/routes/admin');
	return readdirSync(root, { recursive: true, withFileTypes: true })
		.filter((entry) => entry.isFile() && entry.name === '+page.svelte')
		.map((entry) => relative(root, entry.parentPath).split('\\').join('/'))
		.map((folder) => (folder ? `/admin/${folder}` : '/admin'))
		.sort();
}

describe('a real clinic goes live', () => {
	it('from the printed setup link to a patient’s confirmation email', async () => {
		const started = Date.now();
		const page = await owner.context.newPage();

		// Before anything: the public site says "opening soon", never "a technical problem".
		expect(await open(page, '/')).toBe(503);
		await expect.poll(() => page.locator('h1').innerText()).toBe('This clinic is opening soon');
		expect(await page.content()).not.toContain('technical problem');
		expect(await page.locator('a[href="/book"]').count()).toBe(0);
		await check(page, 'opening soon, empty clinic');

		// The owner's link, printed at start, in Chromium (it used to answer 403: ADR 0034).
		const link = server.output().match(/http:\/\/[^\s]+\/admin\/setup\/[\w-]+/)?.[0];
		expect(link, server.output()).toBeTruthy();
		const setup = await page.goto(link ?? '');
		expect(setup?.status()).toBe(200);
		expect(setup?.headers()['referrer-policy']).toBe('same-origin');
		await check(page, 'owner setup');
		await type(page, 'Your name', 'Rae Lindqvist');
		await type(page, 'Your email', 'rae@lakeside.example');
		await type(page, 'Password', 'amber tide lantern 94');
		expect(await submit(page, 'Save')).toBe(200);
		expect(page.url()).toBe(`${server.url}/admin/sign-in?setup=done`);

		// First sign-in enrols the authenticator.
		await type(page, 'Email', 'rae@lakeside.example');
		await type(page, 'Password', 'amber tide lantern 94');
		expect(await submit(page, 'Sign in')).toBe(200);
		const uri = await page.getByRole('link', { name: /authenticator app/ }).getAttribute('href');
		expect(uri).toMatch(/^otpauth:/);
		await type(page, '6-digit code', totpFromUri(uri ?? ''));
		expect(await submit(page, 'Confirm')).toBe(200);

		// Every workspace page on the empty clinic: no 500; pages without an id open.
		const problems: string[] = [];
		for (const path of adminPaths()) {
			if (path.includes('/setup/[')) continue;
			const status = await open(page, path.replaceAll(/\[[^\]]+\]/g, '1'));
			const expected = path.includes('[') ? [200, 404] : [200];
			if (!expected.includes(status)) problems.push(`${path}: ${status}`);
		}
		expect(problems).toEqual([]);

		// The home page points to the setup; opening now is refused and says why.
		expect(await open(page, '/admin')).toBe(200);
		await page.getByRole('link', { name: 'Set up the clinic' }).click();
		await page.waitForURL(/\/admin\/setup-clinic$/);
		await check(page, 'setup checklist, empty');
		expect(await submit(page, 'Open online booking')).toBe(409);
		expect(await page.locator('#go-live-blockers li').allInnerTexts()).toContain(
			'No service is bookable online.'
		);

		// 1. The clinic.
		expect(await open(page, '/admin/settings/clinic')).toBe(200);
		await check(page, 'clinic profile, new');
		await type(page, 'Clinic name', 'Lakeside Acupuncture');
		await type(page, 'Tagline', 'Acupuncture for back pain in Madison');
		await type(page, 'Phone', '(608) 555-0100');
		await type(page, 'Email', 'hello@lakeside.example');
		await type(
			page,
			'Description',
			'A small acupuncture clinic in Madison. We treat back pain, neck pain and headaches.'
		);
		expect(await submit(page, 'Save the clinic profile')).toBe(200);

		// 2. The location, its time zone (chosen from the list) and its opening hours.
		expect(await open(page, '/admin/settings/locations')).toBe(200);
		await check(page, 'locations, none yet');
		for (const [id, label, value] of [
			['name-new', 'Location name', 'Lakeside'],
			['street-new', 'Street address', '12 Lake Road'],
			['city-new', 'City', 'Madison'],
			['region-new', 'State', 'WI'],
			['postalCode-new', 'Postal code', '53703'],
			['phone-new', 'Location phone', '(608) 555-0100'],
			['directionsUrl-new', 'Map link', 'https://www.openstreetmap.org/search?query=Madison'],
			['directionsText-new', 'How to get here', 'Parking behind the building; step-free door.']
		] as const) {
			await type(page, label, value, id);
		}
		await page.locator('#timeZone-new').selectOption('America/Chicago');
		expect(await submit(page, 'Add the location')).toBe(200);
		const locationId = await page.locator('input[name="location"]').first().getAttribute('value');
		await page.locator(`#weekday-${locationId}`).selectOption('mon-fri');
		await type(page, 'Opens', '09:00', `opens-${locationId}`);
		await type(page, 'Closes', '17:00', `closes-${locationId}`);
		expect(await submit(page, 'Add opening hours')).toBe(200);
		expect(await page.locator('.hours-row').count()).toBe(5);
		await check(page, 'locations, with hours');

		// 3. A service that needs a treatment room.
		expect(await open(page, '/admin/settings')).toBe(200);
		await check(page, 'settings, no services');
		await type(page, 'Service name', 'Acupuncture visit', 'name');
		await type(page, 'Service summary', 'An hour of assessment and acupuncture.', 'summary');
		await type(page, 'Price', '90', 'price');
		await type(page, 'Room kind', 'treatment', 'roomKind');
		expect(await submit(page, 'Add the service')).toBe(200);

		// 4. A room of that kind.
		expect(await open(page, '/admin/settings/rooms')).toBe(200);
		await check(page, 'rooms, none yet');
		await type(page, 'Room name', 'Treatment room 1', 'name');
		expect(await submit(page, 'Add the room')).toBe(200);

		// 5. The practitioner's staff account: an invitation, its link opened in another browser.
		expect(await open(page, '/admin/staff')).toBe(200);
		await type(page, 'Staff name', 'Dana Lee', 'name');
		await type(page, 'Staff email', 'dana@lakeside.example', 'email');
		await page.locator('#role').selectOption('practitioner');
		expect(await submit(page, 'Send invitation')).toBe(200);
		const [invitation] = await waitForEmails(
			server.dataDir,
			mailTo('dana@lakeside.example', /staff account/)
		);
		const invitationLink = invitation?.text.match(/http:\/\/\S+\/admin\/setup\/[\w-]+/)?.[0];
		expect(invitationLink, invitation?.text).toBeTruthy();
		const practitioner = await launchBrowser();
		try {
			const own = await practitioner.context.newPage();
			const invited = await own.goto(invitationLink ?? '');
			expect(invited?.status()).toBe(200);
			await own.getByLabel('Password').fill('quiet river maple 27');
			expect(await submit(own, 'Save')).toBe(200);
			expect(own.url()).toBe(`${server.url}/admin/sign-in?setup=done`);
		} finally {
			await practitioner.close();
		}

		// 6. The practitioner's profile, linked to that account, then their weekly hours.
		expect(await open(page, '/admin/settings/practitioners')).toBe(200);
		await check(page, 'practitioners, none yet');
		await type(page, 'Practitioner name', 'Dana Lee', 'name');
		await type(page, 'Credentials', 'L.Ac., Dipl. Ac. (NCCAOM)', 'credentials');
		await type(page, 'Title', 'Acupuncturist', 'title');
		await type(page, 'Licence number', 'WI-221-L', 'licenceNumber');
		await type(page, 'Summary', 'Treats back pain, neck pain and headaches.', 'summary');
		await type(
			page,
			'Biography',
			'Dana trained in Minneapolis and has treated patients in Madison since 2016.',
			'bioMarkdown'
		);
		await page.getByLabel('Acupuncture visit').check();
		await page.locator('#account').selectOption({ label: 'Dana Lee (dana@lakeside.example)' });
		expect(await submit(page, 'Add the practitioner')).toBe(200);
		expect(page.url()).toMatch(/\/admin\/hours\?saved=practitioner-added/);
		await check(page, 'working hours, new practitioner');
		await page.locator('#weekday').selectOption('mon-fri');
		await type(page, 'From', '09:00', 'start');
		await type(page, 'Until', '17:00', 'end');
		expect(await submit(page, 'Add hours')).toBe(200);
		expect(await page.locator('.hours-row').count()).toBe(5);

		// The shipped articles arrive as drafts under Dana's name, with no reviewer or date yet.
		expect(await open(page, '/admin/articles')).toBe(200);
		await check(page, 'articles, shipped drafts offered');
		expect(await submit(page, 'Add them as drafts')).toBe(200);
		const rows = await page.locator('table.article-list tbody tr').allInnerTexts();
		expect(rows.length).toBeGreaterThan(0);
		for (const row of rows) expect(row).toMatch(/Draft[\s\S]*Dana Lee/);

		// 7. The booking policy keeps its defaults; 8. the consent text is read and published.
		expect(await open(page, '/admin/settings/consent')).toBe(200);
		await check(page, 'consent, unpublished');
		expect(await submit(page, 'Publish as version 1')).toBe(200);

		// Until the switch, the JSON API books nothing either.
		const early = await fetch(`${server.url}/api/v1/bookings`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'idempotency-key': 'go-live-early-0001' },
			body: JSON.stringify({
				serviceId: 1,
				start: '2030-01-08T15:00:00Z',
				patient: { name: 'Early Bird', email: 'early@example.com', phone: '(608) 555-0111' }
			})
		});
		expect(early.status).toBe(503);
		expect(((await early.json()) as { error?: string }).error).toBe('booking_not_open');

		// Open online booking.
		expect(await open(page, '/admin/setup-clinic')).toBe(200);
		expect(await page.locator('#go-live-blockers').count()).toBe(0);
		await check(page, 'setup checklist, ready');
		expect(await submit(page, 'Open online booking')).toBe(200);
		expect(page.url()).toMatch(/saved=open$/);
		const ownerDone = Date.now();

		// A patient books on a phone.
		const patientBrowser = await launchBrowser({ viewport: phone });
		try {
			const patient = await patientBrowser.context.newPage();
			expect(await patient.goto(`${server.url}/`).then((answer) => answer?.status())).toBe(200);
			await patient.getByRole('link', { name: 'Book an appointment' }).first().click();
			await patient.getByRole('link', { name: /Acupuncture visit/ }).click();
			await patient.getByRole('link', { name: /Anyone available/ }).click();
			await patient.locator('table.calendar a.day').first().click();
			await patient.locator('.slot-list a').first().click();
			await patient.locator('#name').fill('Morgan Patient');
			await patient.locator('#email').fill('morgan@example.com');
			await patient.locator('#phone').fill('(608) 555-0177');
			await patient.getByLabel('No, this is my first visit').check();
			expect(await submit(patient, 'Review booking')).toBe(200);
			expect(await submit(patient, 'Confirm booking')).toBe(200);
			expect(patient.url()).toMatch(/\/manage\/[^/?]+\?booked=1$/);
			expect(await patient.getByRole('heading', { name: 'You are booked' }).isVisible()).toBe(true);
		} finally {
			await patientBrowser.close();
		}
		const [confirmation] = await waitForEmails(
			server.dataDir,
			mailTo('morgan@example.com', /booked/i)
		);
		expect(confirmation?.text).toContain('Lakeside Acupuncture');
		expect(confirmation?.calendar, 'a calendar file').not.toBeNull();

		const invalid: string[] = [];
		for (const [label, messages] of await validatePages(checked)) {
			for (const message of messages) invalid.push(`${label}: ${formatVnuMessage(message)}`);
		}
		expect(invalid).toEqual([]);

		const seconds = (ms: number) => (ms / 1000).toFixed(1);
		console.log(
			[
				`go-live journey: the owner typed ${typed.length} fields ` +
					`(${new Set(typed).size} distinct): ${[...new Set(typed)].join(', ')}`,
				`  setup link to "Open online booking": ${seconds(ownerDone - started)} s in the browser; ` +
					`to the confirmation email: ${seconds(Date.now() - started)} s`
			].join('\n')
		);
	}, 240_000);

	it('the owner reviews and publishes a shipped condition page, which then appears publicly', async () => {
		// Runs after the clinic opened, signed in as the owner in the same browser.
		const page = await owner.context.newPage();
		const axe = (label: string) => expectNoAxeViolations(page, label);

		// A reviewer other than the author: a second practitioner.
		expect(await open(page, '/admin/settings/practitioners')).toBe(200);
		await page.locator('#name').fill('Sam Ortiz');
		await page.locator('#credentials').fill('L.Ac.');
		await page.locator('#title').fill('Acupuncturist');
		await page.locator('#licenceNumber').fill('WI-305-L');
		await page.locator('#summary').fill('Treats neck pain and headaches.');
		await page.locator('#bioMarkdown').fill('Sam has treated patients in Madison since 2019.');
		expect(await submit(page, 'Add the practitioner')).toBe(200);

		// The shipped condition pages arrive as drafts naming no one and not the demo clinic.
		expect(await open(page, '/admin/conditions')).toBe(200);
		await axe('condition pages, shipped drafts offered');
		expect(await submit(page, 'Add them as drafts')).toBe(200);
		const rows = await page.locator('table.article-list tbody tr').allInnerTexts();
		expect(rows.length).toBe(5);
		for (const row of rows) expect(row).toMatch(/Draft[\s\S]*Not reviewed yet/);
		await axe('condition pages, drafts');

		// Drafts are not public: a 404, not listed, not in the sitemap.
		expect(await open(page, '/conditions/back-pain')).toBe(404);
		expect(await open(page, '/conditions')).toBe(200);
		expect(await page.locator('a[href="/conditions/back-pain"]').count()).toBe(0);

		// Publishing without a byline is refused, and says what is missing.
		expect(await open(page, '/admin/conditions')).toBe(200);
		await page.getByRole('link', { name: 'Back pain', exact: true }).click();
		await page.waitForURL(/\/admin\/conditions\/\d+$/);
		expect(await page.content()).not.toContain('Harbor Lantern');
		expect(await page.locator('#body').inputValue()).toContain('Lakeside Acupuncture');
		await axe('condition editor, draft');
		expect(await submit(page, 'Publish')).toBe(422);
		const summary = await page.locator('[role="alert"]').first().innerText();
		expect(summary).toMatch(/needs an author/);
		expect(summary).toMatch(/needs a reviewer/);
		await axe('condition editor, publish refused');

		// The owner assigns the author, the reviewer and the review date, and publishes.
		const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
		await page.locator('#authorId').selectOption({ label: 'Dana Lee' });
		await page.locator('#reviewerId').selectOption({ label: 'Sam Ortiz' });
		await page.locator('#lastReviewedOn').fill(yesterday);
		expect(await submit(page, 'Publish')).toBe(200);
		expect(page.url()).toMatch(/\?done=published$/);
		await axe('condition editor, published');

		// Now it is public, with its byline, references and structured data, and listed.
		expect(await open(page, '/conditions/back-pain')).toBe(200);
		const byline = await page.locator('.byline').innerText();
		expect(byline).toMatch(/Written by Dana Lee/);
		expect(byline).toMatch(/Reviewed by Sam Ortiz/);
		expect(await page.getByRole('heading', { name: 'References' }).isVisible()).toBe(true);
		const jsonLd = await page.locator('script[type="application/ld+json"]').allTextContents();
		expect(jsonLd.join(' ')).toMatch(/"MedicalWebPage"[\s\S]*"reviewedBy"/);
		await axe('condition page, published by a real clinic');
		expect(await open(page, '/conditions')).toBe(200);
		expect(await page.locator('a[href="/conditions/back-pain"]').count()).toBe(1);
		expect(await open(page, '/conditions/headaches')).toBe(404);
		const sitemap = await fetch(`${server.url}/sitemap.xml`).then((answer) => answer.text());
		expect(sitemap).toContain('/conditions/back-pain');
		expect(sitemap).not.toContain('/conditions/headaches');
	}, 120_000);
});
