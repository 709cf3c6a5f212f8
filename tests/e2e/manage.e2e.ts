// The patient's manage link without JavaScript: move the appointment to another day, then
// cancel it. Each change sends an email whose calendar file updates the same calendar entry,
// and the time given up becomes bookable again.
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { phone } from '../support/browser';
import { readCalendar } from '../support/calendar';
import {
	apiBook,
	apiSlots,
	clinicDate,
	clinicToday,
	clockTime,
	e2ePatient,
	launchSharedBrowser,
	linkParams,
	longDate,
	mailTo,
	manageToken,
	navigate,
	sameInstant,
	waitForEmails,
	zoneAbbreviationAt,
	type SharedBrowser
} from '../support/e2e-booking';
import { startServer, type RunningServer } from '../support/server';

let server: RunningServer;
let shared: SharedBrowser;
let followUp = 0;
let mei = 0;

beforeAll(async () => {
	server = await startServer({ env: { BOOKING_RATE_LIMIT: '1000/600' } });
	shared = await launchSharedBrowser();
	const services = (await (await fetch(`${server.url}/api/v1/services`)).json()) as {
		services: { id: number; slug: string }[];
	};
	const practitioners = (await (await fetch(`${server.url}/api/v1/practitioners`)).json()) as {
		practitioners: { id: number; slug: string }[];
	};
	followUp = services.services.find((entry) => entry.slug === 'follow-up-acupuncture')?.id ?? 0;
	mei = practitioners.practitioners.find((entry) => entry.slug === 'mei-lin-okafor')?.id ?? 0;
}, 60_000);

afterAll(async () => {
	await shared?.close();
	await server?.stop();
}, 30_000);

/** Whether Mei Lin Okafor offers a follow-up at `start` (on its day). */
async function meiOffers(start: string): Promise<boolean> {
	const date = clinicDate(start).toString();
	const slots = await apiSlots(server.url, {
		service: followUp,
		practitioner: mei,
		from: date,
		to: date
	});
	return slots.some((slot) => sameInstant(slot.start, start));
}

describe('the manage link', () => {
	it('moves and then cancels an appointment without JavaScript, with emails and freed times', async () => {
		const today = clinicToday();
		const [original] = await apiSlots(server.url, {
			service: followUp,
			practitioner: mei,
			from: today.add({ days: 3 }).toString(),
			to: today.add({ days: 20 }).toString()
		});
		if (!original) throw new Error('Mei Lin Okafor has no free follow-up time');
		const patient = e2ePatient('manage');
		const booked = await apiBook(
			server.url,
			{
				serviceId: followUp,
				practitionerId: mei,
				start: original.start,
				patient,
				newPatient: false,
				note: 'Knee pain after running'
			},
			`e2e-manage-${Date.now()}`
		);
		expect(booked.status, booked.text).toBe(201);
		const manageUrl = (booked.body as { manageUrl: string }).manageUrl;
		expect(await meiOffers(original.start)).toBe(false);

		const [confirmation] = await waitForEmails(server.dataDir, mailTo(patient.email, /booked/i));
		const first = readCalendar(confirmation?.calendar?.content ?? '');
		expect(first.sequence).toBe(0);
		expect(first.start.equals(Temporal.Instant.from(original.start))).toBe(true);

		let newStart = '';
		const context = await shared.newContext({ javaScriptEnabled: false, viewport: phone });
		try {
			const page = await context.newPage();
			const opened = await navigate(page, () => page.goto(manageUrl));
			expect(opened.status).toBe(200);
			expect(opened.response.headers()['cache-control']).toContain('no-store');
			const when = page.locator('dl.facts dd').first();
			expect(await when.innerText()).toContain(
				`${longDate(original.start)}, ${clockTime(original.start)} – ${clockTime(original.end)} ${zoneAbbreviationAt(original.start)}`
			);

			// Move: another day, its first time, then confirm.
			const reschedule = await navigate(page, () =>
				page.getByRole('link', { name: 'Change the time' }).click()
			);
			expect(reschedule.status).toBe(200);
			expect(new URL(reschedule.url).pathname).toBe(`${new URL(manageUrl).pathname}/reschedule`);
			expect(await page.locator('main').innerText()).toContain(clockTime(original.start));
			const days = page.locator('table.calendar a.day');
			const earliest = today.add({ days: 2 }).toString();
			let candidates: string[] = [];
			let dayHref: string | undefined;
			// Near the end of a month the other open days may all be in the next one.
			for (let month = 0; month < 3 && !dayHref; month++) {
				if (month > 0) {
					await navigate(page, () => page.getByRole('link', { name: 'Next month' }).click());
				}
				candidates = await days.evaluateAll((links) =>
					links.map((link) => link.getAttribute('href') ?? '')
				);
				dayHref = candidates.find((href) => {
					const date = linkParams(href).date ?? '';
					return date >= earliest && date !== clinicDate(original.start).toString();
				});
			}
			if (!dayHref) throw new Error(`no other open day in ${candidates.join(' ')}`);
			const dayPage = await navigate(page, () =>
				page.locator(`table.calendar a.day[href="${dayHref}"]`).click()
			);
			expect(dayPage.status).toBe(200);
			const time = page.locator('.slot-list a').first();
			newStart = linkParams((await time.getAttribute('href')) ?? '').start ?? '';
			expect(newStart).not.toBe('');
			const confirmStep = await navigate(page, () => time.click());
			expect(confirmStep.status).toBe(200);
			const move = page.getByRole('button', { name: 'Yes, move my appointment' });
			expect(await move.count()).toBe(1);
			const moved = await navigate(page, () => move.click());
			expect(moved.status).toBe(200);
			expect(moved.url).toBe(`${manageUrl}?moved=1`);
			expect(
				await page.getByRole('heading', { name: 'Your appointment has moved' }).isVisible()
			).toBe(true);
			const newEnd = Temporal.Instant.from(newStart).add({ minutes: 60 }).toString();
			expect(await when.innerText()).toContain(
				`${longDate(newStart)}, ${clockTime(newStart)} – ${clockTime(newEnd)} ${zoneAbbreviationAt(newStart)}`
			);

			// The old time is free again; the new one is not.
			expect(await meiOffers(original.start), 'the old time is bookable again').toBe(true);
			expect(await meiOffers(newStart), 'the new time is taken').toBe(false);

			// Cancel: ask, then confirm.
			const ask = await navigate(page, () => page.getByRole('link', { name: 'Cancel' }).click());
			expect(ask.url).toBe(`${manageUrl}?cancel=1`);
			expect(
				await page.getByRole('heading', { name: 'Cancel this appointment?' }).isVisible()
			).toBe(true);
			const cancelled = await navigate(page, () =>
				page.getByRole('button', { name: 'Yes, cancel it' }).click()
			);
			expect(cancelled.status).toBe(200);
			expect(
				await page.getByRole('heading', { name: 'Your appointment is cancelled' }).isVisible()
			).toBe(true);
			const reopened = await navigate(page, () => page.goto(manageUrl));
			expect(reopened.status).toBe(200);
			const facts = await page.locator('dl.facts').innerText();
			expect(facts).toMatch(/Cancelled/);
			expect(await page.getByRole('link', { name: 'Change the time' }).count()).toBe(0);
			expect(await page.getByRole('link', { name: 'Book another time' }).count()).toBe(1);
		} finally {
			await context.close();
		}
		expect(await meiOffers(newStart), 'the cancelled time is bookable again').toBe(true);

		const [movedMail] = await waitForEmails(server.dataDir, mailTo(patient.email, /moved/i));
		expect(movedMail?.calendar?.method).toBe('REQUEST');
		const second = readCalendar(movedMail?.calendar?.content ?? '');
		expect(second.uid).toBe(first.uid);
		expect(second.sequence).toBe(1);
		expect(second.start.equals(Temporal.Instant.from(newStart))).toBe(true);
		expect(movedMail?.text).toContain(clockTime(newStart));

		const [cancelMail] = await waitForEmails(server.dataDir, mailTo(patient.email, /cancel/i));
		expect(cancelMail?.calendar?.method).toBe('CANCEL');
		expect(cancelMail?.calendar?.content).toMatch(/^METHOD:CANCEL\r?$/m);
		const third = readCalendar(cancelMail?.calendar?.content ?? '');
		expect(third.method).toBe('CANCEL');
		expect(third.uid).toBe(first.uid);
		expect(third.sequence).toBeGreaterThan(second.sequence);
		expect(third.status).toBe('CANCELLED');
		expect(third.start.equals(Temporal.Instant.from(newStart))).toBe(true);

		for (const email of [confirmation, movedMail, cancelMail]) {
			const text = `${email?.subject}\n${email?.text}`.toLowerCase();
			expect(text).not.toContain('follow-up');
			expect(text).not.toContain('knee');
		}
		expect(manageToken(manageUrl).length).toBeGreaterThan(20);
	});

	it('an unknown or malformed token answers 404 on every manage route', async () => {
		const unknown = 'A'.repeat(43);
		const problems: string[] = [];
		const checks: [string, RequestInit][] = [
			[`/manage/${unknown}`, {}],
			[`/manage/${unknown}?cancel=1`, {}],
			[`/manage/${unknown}/reschedule`, {}],
			['/manage/not-a-token', {}],
			[`/manage/${'%F0%9F%98%80'.repeat(10)}`, {}],
			[
				`/manage/${unknown}?/cancel`,
				{
					method: 'POST',
					headers: {
						origin: server.url,
						accept: 'text/html',
						'content-type': 'application/x-www-form-urlencoded'
					},
					body: ''
				}
			]
		];
		for (const [path, init] of checks) {
			const response = await fetch(server.url + path, { ...init, redirect: 'manual' });
			await response.body?.cancel();
			if (response.status !== 404)
				problems.push(`${init.method ?? 'GET'} ${path}: ${response.status}`);
		}
		expect(problems).toEqual([]);
	});
});
