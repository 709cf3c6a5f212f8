// The staff workspace tried as a new clinic would, in a real browser: the owner signs in with a
// second factor and sets up hours and a price, the front desk books a caller (by keyboard), the
// practitioner sees their day, each role is refused what it may not see, the owner grants and
// ends break-glass access, the front desk moves the visit, and the audit log shows all of it.
// Every page on the way passes axe.
import type { Page } from 'playwright-core';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffRole } from '../../src/lib/domain/staff/roles';
import { expectNoAxeViolations } from '../support/axe';
import { launchBrowser, type LaunchedBrowser } from '../support/browser';
import type { FormClient } from '../support/form-client';
import { startServer, type RunningServer } from '../support/server';
import { staffSignIn } from '../support/staff-sign-in';

let server: RunningServer;
let browser: LaunchedBrowser;
let page: Page;
const clients = new Map<StaffRole, FormClient>();

/** Puts one role's signed-in session into the browser (signing in once per role). */
async function as(role: StaffRole): Promise<void> {
	let client = clients.get(role);
	if (!client) {
		client = await staffSignIn(server.url)(role);
		clients.set(role, client);
	}
	const url = new URL(server.url);
	await browser.context.clearCookies();
	await browser.context.addCookies(
		[...client.jar].map(([name, value]) => ({ name, value, domain: url.hostname, path: '/' }))
	);
}

/** Opens a staff page, expecting it to load and to pass axe. */
async function open(path: string): Promise<void> {
	const response = await page.goto(`${server.url}${path}`);
	expect(response?.status(), path).toBe(200);
	await expectNoAxeViolations(page, path);
}

/** Follows a link or presses a button as a keyboard user does: focus it, press Enter. */
async function press(locator: ReturnType<Page['locator']>): Promise<void> {
	await locator.focus();
	// The next page's load event, not the current page's (which has fired already).
	await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
}

// A Thursday at least three days ahead: Mei Lin does not work Thursdays until the owner says so.
const zone = 'America/Chicago';
let thursday = Temporal.Now.plainDateISO(zone).add({ days: 3 });
while (thursday.dayOfWeek !== 4) thursday = thursday.add({ days: 1 });

beforeAll(async () => {
	server = await startServer();
	browser = await launchBrowser({ javaScriptEnabled: true });
	page = await browser.context.newPage();
}, 60_000);
afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

describe('a new clinic’s first day in the staff workspace', () => {
	let appointmentPath = '';

	it('the owner sets up Thursday hours for Mei Lin and a new price', async () => {
		await as('owner');
		await open('/admin');
		await open('/admin/hours');
		await page.getByLabel('Practitioner').selectOption({ label: 'Mei Lin Okafor' });
		await page.getByLabel('Day').selectOption({ label: 'Thursday' });
		await page.getByLabel('From').fill('09:00');
		await page.getByLabel('Until').fill('12:00');
		await press(page.getByRole('button', { name: 'Add hours' }));
		const meiHours = page.locator('section', {
			has: page.getByRole('heading', { name: 'Mei Lin Okafor' })
		});
		expect(await meiHours.locator('li').allTextContents()).toContainEqual(
			expect.stringMatching(/Thursday.*9:00/)
		);

		await open('/admin/settings');
		const followUp = page.locator('form', {
			has: page.locator('input[value="Follow-up acupuncture"]')
		});
		await followUp.getByLabel('Price (US dollars)').fill('95.00');
		await press(followUp.getByRole('button'));
		expect(page.url()).toContain('saved=service-');
	});

	it('the front desk books a caller on Thursday with the keyboard alone', async () => {
		await as('front_desk');
		await open(
			`/admin/book?service=follow-up-acupuncture&practitioner=mei-lin-okafor&date=${thursday}`
		);
		await press(page.locator('a.slot').first());
		await expectNoAxeViolations(page, 'caller details');
		await page.getByLabel('Full name').fill('Tova Thursday');
		await page.getByLabel('Email').fill('tova@example.com');
		await page.getByLabel('Phone').fill('(414) 555-0133');
		await page.getByLabel('No, a returning patient').check();
		await page.getByLabel('Note (optional)').fill('Right shoulder pain since a fall');
		await press(page.getByRole('button', { name: 'Book' }));
		expect(page.url()).toMatch(/\/admin\/appointments\/\d+\?done=booked$/);
		appointmentPath = new URL(page.url()).pathname;
		await expectNoAxeViolations(page, 'booked appointment');
		expect(await page.content()).toContain('Tova Thursday');
		expect(await page.content()).not.toContain('Right shoulder pain');
	});

	it('the practitioner sees the caller in their day and their own week', async () => {
		await as('practitioner');
		await open(`/admin/calendar?date=${thursday}`);
		expect(await page.content()).toContain('Tova Thursday');
		await open(`/admin/calendar?date=${thursday}&columns=room`);
		expect(await page.content()).toContain('with Mei Lin Okafor');
		await open(`/admin/calendar/week?date=${thursday}`);
		expect(await page.locator('h1').textContent()).toContain('Mei Lin Okafor');
		expect(await page.content()).toContain('Tova Thursday');
		await open(appointmentPath);
		expect(await page.content()).toContain('Right shoulder pain since a fall');
	});

	it('refuses each role what it may not see', async () => {
		const refused: [StaffRole, string][] = [
			['front_desk', '/admin/hours'],
			['front_desk', '/admin/settings'],
			['front_desk', '/admin/audit'],
			['front_desk', '/admin/emergency-access'],
			['practitioner', '/admin/settings'],
			['practitioner', '/admin/staff'],
			['practitioner', '/admin/audit']
		];
		for (const [role, path] of refused) {
			await as(role);
			const response = await page.goto(`${server.url}${path}`);
			expect(response?.status(), `${role} ${path}`).toBe(403);
		}
	});

	it('break-glass: the owner lets the front desk read the note for an hour, then ends it', async () => {
		await as('owner');
		await open('/admin/emergency-access');
		await page.getByLabel('Who').selectOption({ label: 'Front Desk (Front desk)' });
		await page.getByLabel('For how long').selectOption('1');
		await page
			.getByLabel('Why (kept in the audit log)')
			.fill('Mei Lin is away; the caller reports new numbness and needs triage.');
		await press(page.getByRole('button', { name: 'Grant emergency access' }));
		expect(await page.content()).toContain('In force');
		await open('/admin');
		expect(await page.content()).toContain('Emergency access is in force for');

		await as('front_desk');
		await open(appointmentPath);
		expect(await page.locator('.emergency-access').textContent()).toContain(
			'Emergency access until'
		);
		expect(await page.content()).toContain('Right shoulder pain since a fall');

		await as('owner');
		await open('/admin/emergency-access');
		await press(page.getByRole('button', { name: /End Front Desk.s access now/ }));
		expect(await page.content()).toContain('Revoked early');

		await as('front_desk');
		await open(appointmentPath);
		expect(await page.locator('.emergency-access').count()).toBe(0);
		expect(await page.content()).not.toContain('Right shoulder pain');
	});

	it('the front desk moves the visit to another day with the keyboard alone', async () => {
		await as('front_desk');
		await open(appointmentPath);
		await press(page.getByRole('link', { name: 'Move to another time' }));
		await expectNoAxeViolations(page, 'move: days');
		const days = page.locator('a.day');
		const count = await days.count();
		expect(count).toBeGreaterThan(1);
		await press(days.nth(count - 1));
		await expectNoAxeViolations(page, 'move: times');
		await press(page.locator('a.slot').first());
		await expectNoAxeViolations(page, 'move: confirm');
		await press(page.getByRole('button', { name: 'Move the appointment' }));
		expect(page.url()).toContain('done=moved');
		expect(await page.locator('[role="status"]').first().textContent()).toContain('Moved');
	});

	it('the audit log shows all of it', async () => {
		await as('owner');
		await open('/admin/audit');
		const log = (await page.locator('table').textContent()) ?? '';
		for (const action of [
			'settings.hours_add',
			'settings.service',
			'appointment.book',
			'calendar.view',
			'emergency.grant',
			'emergency.revoke',
			'appointment.reschedule',
			'appointment.view',
			'staff.sign_in'
		]) {
			expect(log, action).toContain(action);
		}
		expect(log).toContain('Front Desk (emergency access)');
	});
});
