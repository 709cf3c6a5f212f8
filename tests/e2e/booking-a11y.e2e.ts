// Every page a patient meets while booking, changing and cancelling, reached by clicking with
// JavaScript on: axe (WCAG 2.0-2.2 A and AA) at phone and desktop size, and vnu on the HTML
// the server sent. One server and one Chromium for the file.
import { Temporal } from 'temporal-polyfill';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desktop, phone } from '../support/browser';
import {
	apiBook,
	apiSlots,
	axeProblems,
	clinicDate,
	clinicToday,
	e2ePatient,
	launchSharedBrowser,
	linkParams,
	navigate,
	report,
	sameInstant,
	type Navigation,
	type SharedBrowser
} from '../support/e2e-booking';
import { startServer, type RunningServer } from '../support/server';
import { formatVnuMessage, validatePages } from '../support/vnu';

let server: RunningServer;
let shared: SharedBrowser;
let initialId = 0;

interface VisitedPage {
	name: string;
	url: string;
	status: number;
	html: string;
}

/** Filled by the flow test, validated by the vnu test. */
const visited: VisitedPage[] = [];

beforeAll(async () => {
	server = await startServer({ env: { BOOKING_RATE_LIMIT: '1000/600' } });
	shared = await launchSharedBrowser();
	const services = (await (await fetch(`${server.url}/api/v1/services`)).json()) as {
		services: { id: number; slug: string }[];
	};
	initialId = services.services.find((entry) => entry.slug === 'initial-acupuncture')?.id ?? 0;
	expect(initialId).toBeGreaterThan(0);
}, 60_000);

afterAll(async () => {
	await shared?.close();
	await server?.stop();
}, 30_000);

/** Clicks the first open day at least two days ahead (so the visit can still be changed). */
async function clickDayAhead(page: Page): Promise<Navigation> {
	const earliest = clinicToday().add({ days: 2 }).toString();
	for (let month = 0; month < 3; month++) {
		const hrefs = await page
			.locator('table.calendar a.day')
			.evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
		const href = hrefs.find((entry) => (linkParams(entry).date ?? '') >= earliest);
		if (href) {
			return navigate(page, () => page.locator(`table.calendar a.day[href="${href}"]`).click());
		}
		await navigate(page, () => page.getByRole('link', { name: 'Next month' }).click());
	}
	throw new Error('no open day two or more days ahead in three months');
}

describe('booking, changing and cancelling: accessibility and valid HTML', () => {
	it('axe finds no WCAG 2.2 AA violations on any step, at phone and desktop size', async () => {
		const problems: string[] = [];
		const context = await shared.newContext({ javaScriptEnabled: true, viewport: desktop });
		try {
			const page = await context.newPage();
			/** Records the page, runs axe at both sizes, and returns to desktop for clicking. */
			const check = async (name: string, navigation: Navigation, status = 200) => {
				visited.push({
					name,
					url: navigation.url,
					status: navigation.status,
					html: navigation.html
				});
				if (navigation.status !== status) {
					problems.push(`${name}: status ${navigation.status}, expected ${status}`);
				}
				for (const [size, viewport] of [
					['phone', phone],
					['desktop', desktop]
				] as const) {
					await page.setViewportSize(viewport);
					problems.push(...(await axeProblems(page, `${name} (${size})`)));
				}
			};

			await check('service', await navigate(page, () => page.goto(`${server.url}/book`)));
			await check(
				'practitioner',
				await navigate(page, () =>
					page.getByRole('link', { name: /Initial acupuncture consultation/ }).click()
				)
			);
			await check(
				'day',
				await navigate(page, () => page.getByRole('link', { name: /^Anyone available/ }).click())
			);
			await check('time', await clickDayAhead(page));
			const time = page.locator('.slot-list a').first();
			const start = linkParams((await time.getAttribute('href')) ?? '').start ?? '';
			await check('details', await navigate(page, () => time.click()));
			await check(
				'details with errors',
				await navigate(page, () => page.getByRole('button', { name: 'Review booking' }).click()),
				422
			);
			const patient = e2ePatient('axe');
			await page.getByLabel('Full name').fill(patient.name);
			await page.getByLabel('Email').fill(patient.email);
			await page.getByLabel('Phone').fill(patient.phone);
			await page.getByLabel('No, this is my first visit').click();
			await check(
				'review',
				await navigate(page, () => page.getByRole('button', { name: 'Review booking' }).click())
			);

			// Someone else books every practitioner's copy of the time before this patient confirms.
			const date = clinicDate(start).toString();
			const offered = (
				await apiSlots(server.url, { service: initialId, from: date, to: date })
			).filter((slot) => sameInstant(slot.start, start));
			expect(offered.length).toBeGreaterThan(0);
			for (const [index, slot] of offered.entries()) {
				const taken = await apiBook(
					server.url,
					{
						serviceId: initialId,
						practitionerId: slot.practitionerId,
						start: slot.start,
						patient: e2ePatient(`axe rival ${index}`),
						newPatient: true
					},
					`e2e-axe-rival-${Date.now()}-${index}`
				);
				expect(taken.status, taken.text).toBe(201);
			}
			await check(
				'taken',
				await navigate(page, () => page.getByRole('button', { name: 'Confirm booking' }).click()),
				409
			);

			// An alternative far enough ahead to be changed online afterwards.
			const alternatives = await page
				.locator('.slot-list form input[name="start"]')
				.evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
			const later = Temporal.Now.instant().add({ hours: 30 });
			const index = alternatives.findIndex(
				(value) => Temporal.Instant.compare(Temporal.Instant.from(value), later) > 0
			);
			expect(index, `alternatives: ${alternatives.join(' ')}`).toBeGreaterThanOrEqual(0);
			await navigate(page, () =>
				page.locator('.slot-list form').nth(index).getByRole('button').click()
			);
			await check(
				'manage (booked)',
				await navigate(page, () => page.getByRole('button', { name: 'Confirm booking' }).click())
			);
			await check(
				'manage ?cancel=1',
				await navigate(page, () => page.getByRole('link', { name: 'Cancel', exact: true }).click())
			);
			await navigate(page, () => page.getByRole('link', { name: 'No, keep it' }).click());
			await check(
				'reschedule day',
				await navigate(page, () => page.getByRole('link', { name: 'Change the time' }).click())
			);
			await check('reschedule time', await clickDayAhead(page));
			await check(
				'reschedule confirm',
				await navigate(page, () => page.locator('.slot-list a').first().click())
			);
			await check(
				'manage (moved)',
				await navigate(page, () =>
					page.getByRole('button', { name: 'Yes, move my appointment' }).click()
				)
			);
			await navigate(page, () => page.getByRole('link', { name: 'Cancel', exact: true }).click());
			await check(
				'manage (cancelled)',
				await navigate(page, () => page.getByRole('button', { name: 'Yes, cancel it' }).click())
			);
		} finally {
			await context.close();
		}
		console.log(
			`axe: ${problems.length} problems in ${visited.length} pages x 2 sizes: ${visited.map((entry) => entry.name).join(', ')}`
		);
		expect(problems, report('axe violations and unexpected statuses', problems)).toEqual([]);
	});

	it('vnu finds no errors in the HTML of those pages', async () => {
		expect(visited.length, 'pages collected by the flow test').toBeGreaterThanOrEqual(15);
		const results = await validatePages(
			new Map(visited.map((entry) => [`${entry.name} (${entry.url})`, entry.html]))
		);
		const problems: string[] = [];
		for (const [name, messages] of results) {
			for (const message of messages) problems.push(`${name}: ${formatVnuMessage(message)}`);
		}
		console.log(`vnu: ${problems.length} errors in ${results.size} documents`);
		expect(problems, report('vnu errors', problems)).toEqual([]);
	});
});
