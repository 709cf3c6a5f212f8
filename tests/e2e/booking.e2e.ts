// The online booking flow as patients use it: /book to "You are booked" in Chromium without
// JavaScript (keyboard only), repeated submissions, a time taken by someone else, validation,
// what each step downloads, and how times are labelled. One server for the whole file.
import type { BrowserContext, Page, Request } from 'playwright-core';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { phone } from '../support/browser';
import { readCalendar } from '../support/calendar';
import {
	apiSlots,
	clinicDate,
	clinicToday,
	clockTime,
	describeFocus,
	e2ePatient,
	focused,
	launchSharedBrowser,
	linkParams,
	longDate,
	mailTo,
	navigate,
	readMailDir,
	report,
	sameInstant,
	tabTo,
	utcInstant,
	waitForEmails,
	zoneAbbreviationAt,
	type ApiSlot,
	type SharedBrowser
} from '../support/e2e-booking';
import { startServer, type RunningServer } from '../support/server';

let server: RunningServer;
let shared: SharedBrowser;
/** Service and practitioner ids by slug, from the JSON API. */
const serviceIds = new Map<string, number>();
const serviceNames = new Map<string, string>();
const practitionerIds = new Map<string, number>();

function idOf(map: Map<string, number>, slug: string): number {
	const id = map.get(slug);
	if (id === undefined) throw new Error(`the demo clinic has no "${slug}"`);
	return id;
}

beforeAll(async () => {
	server = await startServer({ env: { BOOKING_RATE_LIMIT: '1000/600' } });
	shared = await launchSharedBrowser();
	const services = (await (await fetch(`${server.url}/api/v1/services`)).json()) as {
		services: { id: number; slug: string; name: string }[];
	};
	for (const service of services.services) {
		serviceIds.set(service.slug, service.id);
		serviceNames.set(service.slug, service.name);
	}
	const practitioners = (await (await fetch(`${server.url}/api/v1/practitioners`)).json()) as {
		practitioners: { id: number; slug: string }[];
	};
	for (const practitioner of practitioners.practitioners) {
		practitionerIds.set(practitioner.slug, practitioner.id);
	}
}, 60_000);

afterAll(async () => {
	await shared?.close();
	await server?.stop();
}, 30_000);

/** Opens a context, runs `body` with a page in it, and always closes the context. */
async function withPage<T>(
	options: { javaScriptEnabled: boolean; viewport?: { width: number; height: number } },
	body: (page: Page, context: BrowserContext) => Promise<T>
): Promise<T> {
	const context = await shared.newContext(options);
	try {
		return await body(await context.newPage(), context);
	} finally {
		await context.close();
	}
}

/** Open API times from `fromDays` to `toDays` days after today, in order. */
async function slotsAhead(
	service: string,
	practitioner: string,
	fromDays: number,
	toDays: number
): Promise<ApiSlot[]> {
	const today = clinicToday();
	return apiSlots(server.url, {
		service: idOf(serviceIds, service),
		practitioner: practitioner === 'any' ? 'any' : idOf(practitionerIds, practitioner),
		from: today.add({ days: fromDays }).toString(),
		to: today.add({ days: toDays }).toString()
	});
}

/** The details step of the booking page for a time (what the time link leads to). */
function detailsPath(service: string, practitioner: string, start: string): string {
	const params = new URLSearchParams({
		service,
		practitioner,
		date: clinicDate(start).toString(),
		start: utcInstant(start)
	});
	return `/book?${params}`;
}

/** Fills the details form (not by keyboard: the keyboard test does that itself). */
async function fillDetails(
	page: Page,
	patient: { name: string; email: string; phone: string },
	options: { newPatient: boolean; note?: string }
) {
	await page.getByLabel('Full name').fill(patient.name);
	await page.getByLabel('Email').fill(patient.email);
	await page.getByLabel('Phone').fill(patient.phone);
	await page
		.getByRole('group', { name: 'Have you been to us before?' })
		.getByLabel(options.newPatient ? 'No, this is my first visit' : 'Yes, I have been before')
		.check();
	if (options.note) await page.getByLabel(/Anything we should know/).fill(options.note);
}

const reviewButton = (page: Page) => page.getByRole('button', { name: 'Review booking' });
const confirmButton = (page: Page) => page.getByRole('button', { name: 'Confirm booking' });

/** Starts of the API slots offered at `start` (one per practitioner). */
function offeredAt(slots: ApiSlot[], start: string): ApiSlot[] {
	return slots.filter((slot) => sameInstant(slot.start, start));
}

describe('booking without JavaScript', () => {
	it('a patient on a phone books by keyboard alone and gets a calendar email', async () => {
		const patient = e2ePatient('keyboard');
		const note = 'Lower back pain since the spring, worse after sitting';
		const serviceName = serviceNames.get('initial-acupuncture') ?? 'Initial acupuncture';
		let chosenStart = '';
		let manageUrl = '';
		await withPage({ javaScriptEnabled: false, viewport: phone }, async (page) => {
			const start = await navigate(page, () => page.goto(`${server.url}/book`));
			expect(start.status).toBe(200);
			expect(await page.locator('script[src]').count(), 'scripts on /book').toBe(0);

			// Step 1: the service.
			await tabTo(
				page,
				'the initial acupuncture choice',
				(f) => f.tag === 'a' && f.href === '/book?service=initial-acupuncture'
			);
			let step = await navigate(page, () => page.keyboard.press('Enter'));
			expect(step.status).toBe(200);
			await expect
				.poll(() => page.getByRole('heading', { level: 2 }).first().innerText())
				.toBe('Who would you like to see?');

			// Step 2: anyone available.
			await tabTo(
				page,
				'"Anyone available"',
				(f) => f.tag === 'a' && /^Anyone available/.test(f.text)
			);
			step = await navigate(page, () => page.keyboard.press('Enter'));
			expect(new URL(step.url).searchParams.get('practitioner')).toBe('any');
			expect(await page.locator('table.calendar').count()).toBe(1);

			// Step 3: the first open day (Tab order is document order: the first day link).
			const firstDayHref = await page.locator('table.calendar a.day').first().getAttribute('href');
			const day = await tabTo(
				page,
				'the first open day',
				(f) => f.tag === 'a' && f.ariaLabel.endsWith(', times available')
			);
			expect(day.href, 'the first day link Tab reaches').toBe(firstDayHref);
			step = await navigate(page, () => page.keyboard.press('Enter'));
			expect(step.status).toBe(200);
			const chosenDate = linkParams(step.url).date;
			expect(chosenDate).toBe(linkParams(day.href).date);

			// Step 4: the first time.
			const firstTimeHref = await page.locator('.slot-list a').first().getAttribute('href');
			const time = await tabTo(
				page,
				'the first time',
				(f) => f.tag === 'a' && /[?&]start=/.test(f.href)
			);
			expect(time.href, 'the first time link Tab reaches').toBe(firstTimeHref);
			chosenStart = linkParams(time.href).start ?? '';
			expect(chosenStart).not.toBe('');
			step = await navigate(page, () => page.keyboard.press('Enter'));
			expect(step.status).toBe(200);
			await expect.poll(() => page.getByText(/not for emergencies/).count()).toBe(1);
			expect(await page.getByText(/not for emergencies/).isVisible()).toBe(true);

			// Step 5: the details, typed.
			await tabTo(page, 'the name field', (f) => f.id === 'name');
			await page.keyboard.type(patient.name);
			await tabTo(page, 'the email field', (f) => f.id === 'email');
			await page.keyboard.type(patient.email);
			await tabTo(page, 'the phone field', (f) => f.id === 'phone');
			await page.keyboard.type(patient.phone);
			let radio = await tabTo(page, 'the first-visit question', (f) => f.name === 'newPatient');
			for (let press = 0; press < 2 && radio.label !== 'No, this is my first visit'; press++) {
				await page.keyboard.press('ArrowDown');
				radio = (await focused(page)) ?? radio;
			}
			expect(radio.label, describeFocus(radio)).toBe('No, this is my first visit');
			await page.keyboard.press('Space');
			expect(await page.getByLabel('No, this is my first visit').isChecked()).toBe(true);
			await tabTo(page, 'the note', (f) => f.id === 'note');
			await page.keyboard.type(note);
			await tabTo(
				page,
				'"Review booking"',
				(f) => f.tag === 'button' && f.text === 'Review booking'
			);
			step = await navigate(page, () => page.keyboard.press('Enter'));
			expect(step.status).toBe(200);

			// Step 6: review and confirm.
			await expect
				.poll(() => page.getByRole('heading', { name: 'Check and confirm' }).count())
				.toBe(1);
			const facts = await page.locator('dl.facts').innerText();
			expect(facts).toContain(patient.email);
			expect(facts).toContain(clockTime(chosenStart));
			await tabTo(
				page,
				'"Confirm booking"',
				(f) => f.tag === 'button' && f.text === 'Confirm booking'
			);
			step = await navigate(page, () => page.keyboard.press('Space'));
			expect(step.status).toBe(200);
			expect(step.url).toMatch(/\/manage\/[^/?]+\?booked=1$/);
			expect(await page.getByRole('heading', { name: 'You are booked' }).isVisible()).toBe(true);
			manageUrl = step.url.replace(/\?.*$/, '');
		});

		const [confirmation] = await waitForEmails(server.dataDir, mailTo(patient.email, /booked/i));
		if (!confirmation) throw new Error('no confirmation email');
		expect(confirmation.calendar, 'a text/calendar part').not.toBeNull();
		const calendar = readCalendar(confirmation.calendar?.content ?? '');
		expect(calendar.method).toBe('REQUEST');
		expect(
			calendar.start.equals(Temporal.Instant.from(chosenStart)),
			`DTSTART ${calendar.dtstartLine} vs chosen ${chosenStart}`
		).toBe(true);
		// The email carries a manage link of its own, minted when it was sent (ADR 0031), that
		// opens the same visit as the booking page's link.
		const emailedUrl = /https?:\/\/\S+\/manage\/[A-Za-z0-9_-]{43}/.exec(confirmation.text)?.[0];
		if (!emailedUrl) throw new Error('no manage link in the confirmation email');
		expect(emailedUrl).not.toBe(manageUrl);
		expect(confirmation.text).toContain(`${emailedUrl}/intake`);
		expect(calendar.description).toContain(emailedUrl);
		const [viaEmail, viaBooking] = await Promise.all(
			[emailedUrl, manageUrl].map((url) => fetch(`${server.url}${new URL(url).pathname}`))
		);
		expect(viaEmail?.status).toBe(200);
		expect(viaBooking?.status).toBe(200);
		const shownTime = clockTime(chosenStart);
		expect(await viaEmail?.text()).toContain(shownTime);
		expect(await viaBooking?.text()).toContain(shownTime);
		const everything = [
			confirmation.subject,
			confirmation.text,
			calendar.summary,
			calendar.description,
			calendar.location
		].join('\n');
		for (const secret of [serviceName, 'Initial acupuncture', note, 'back pain']) {
			expect(everything.toLowerCase(), `the email mentions "${secret}"`).not.toContain(
				secret.toLowerCase()
			);
		}
	});

	it('confirming the same review twice (double click, resubmission) books once', async () => {
		// A time two practitioners both offer: with "anyone", a second booking would take the other.
		const slots = await slotsAhead('initial-acupuncture', 'any', 2, 30);
		const shared = slots.find((slot) => offeredAt(slots, slot.start).length >= 2);
		if (!shared) throw new Error('no time that two practitioners offer in the next month');
		const offeredBefore = offeredAt(slots, shared.start).length;
		const patient = e2ePatient('double');

		await withPage({ javaScriptEnabled: false }, async (page, context) => {
			await navigate(page, () =>
				page.goto(server.url + detailsPath('initial-acupuncture', 'any', shared.start))
			);
			await fillDetails(page, patient, { newPatient: true });
			const review = await navigate(page, () => reviewButton(page).click());
			expect(review.status).toBe(200);
			const form = page.locator('form', { has: confirmButton(page) });
			const { action, fields } = await form.evaluate((element) => {
				const formElement = element as HTMLFormElement;
				return {
					action: formElement.action,
					fields: [...new FormData(formElement)].map(([name, value]) => [name, String(value)])
				};
			});
			expect(fields.some(([name, value]) => name === 'idempotencyKey' && value)).toBe(true);
			const post = () =>
				context.request.post(action, {
					form: Object.fromEntries(fields),
					// As a browser sends it; with Accept */* SvelteKit would answer JSON instead.
					headers: { origin: server.url, accept: 'text/html' },
					maxRedirects: 0
				});
			// Two resubmissions at the same moment, then a double click on the button itself.
			const [first, second] = await Promise.all([post(), post()]);
			expect([first.status(), second.status()]).toEqual([303, 303]);
			const location = first.headers()['location'] ?? '';
			expect(location).toMatch(/^\/manage\/[^/?]+\?booked=1$/);
			expect(second.headers()['location']).toBe(location);
			const clicked = await navigate(page, () => confirmButton(page).dblclick());
			expect(clicked.status).toBe(200);
			expect(clicked.url).toBe(server.url + location);
			expect(await page.getByRole('heading', { name: 'You are booked' }).isVisible()).toBe(true);
		});

		const date = clinicDate(shared.start).toString();
		const after = await apiSlots(server.url, {
			service: idOf(serviceIds, 'initial-acupuncture'),
			from: date,
			to: date
		});
		expect(
			offeredAt(after, shared.start).length,
			'practitioners still offering the time (one fewer than before)'
		).toBe(offeredBefore - 1);
		const emails = await waitForEmails(server.dataDir, mailTo(patient.email, /booked/i));
		expect(emails.length, 'confirmation emails').toBe(1);
	});

	it('a time taken in another browser answers "That time was just taken" with alternatives', async () => {
		const [slot] = await slotsAhead('follow-up-acupuncture', 'daniel-brandt', 3, 30);
		if (!slot) throw new Error('Daniel Brandt has no free follow-up time in the next month');
		const path = detailsPath('follow-up-acupuncture', 'daniel-brandt', slot.start);
		const first = await shared.newContext({ javaScriptEnabled: false });
		const second = await shared.newContext({ javaScriptEnabled: false });
		try {
			const pageA = await first.newPage();
			const pageB = await second.newPage();
			for (const [page, label] of [
				[pageA, 'first'],
				[pageB, 'second']
			] as const) {
				await navigate(page, () => page.goto(server.url + path));
				await fillDetails(page, e2ePatient(`taken ${label}`), { newPatient: false });
				const review = await navigate(page, () => reviewButton(page).click());
				expect(review.status, `${label} review`).toBe(200);
				expect(await confirmButton(page).count()).toBe(1);
			}

			const booked = await navigate(pageA, () => confirmButton(pageA).click());
			expect(booked.url).toMatch(/\/manage\/[^/?]+\?booked=1$/);

			const taken = await navigate(pageB, () => confirmButton(pageB).click());
			expect(taken.status).toBe(409);
			expect(
				await pageB.getByRole('heading', { name: 'That time was just taken' }).isVisible()
			).toBe(true);
			const alternatives = pageB.locator('.slot-list form');
			expect(await alternatives.count()).toBeGreaterThan(0);
			const alternative = alternatives.first();
			const alternativeStart = await alternative.locator('input[name="start"]').inputValue();
			expect(sameInstant(alternativeStart, slot.start)).toBe(false);
			expect(await alternative.getByRole('button').innerText()).toContain(
				clockTime(alternativeStart)
			);

			const review = await navigate(pageB, () => alternative.getByRole('button').click());
			expect(review.status).toBe(200);
			expect(await pageB.getByRole('heading', { name: 'Check and confirm' }).count()).toBe(1);
			// The patient must see what they confirm: the visit, the new time and who with.
			const facts = pageB.locator('dl.facts');
			expect
				.soft(
					await facts.count(),
					`the review after choosing an alternative (${review.url}) shows no facts`
				)
				.toBe(1);
			if ((await facts.count()) === 1) {
				expect.soft(await facts.innerText()).toContain(clockTime(alternativeStart));
			}
			const rebooked = await navigate(pageB, () => confirmButton(pageB).click());
			expect(rebooked.url).toMatch(/\/manage\/[^/?]+\?booked=1$/);
			expect(await pageB.getByRole('heading', { name: 'You are booked' }).isVisible()).toBe(true);
			expect(await pageB.locator('dl.facts').innerText()).toContain(clockTime(alternativeStart));
			expect(rebooked.url).not.toBe(booked.url);
		} finally {
			await first.close();
			await second.close();
		}
	});

	it('invalid details answer 422 with errors beside each field and a summary, keeping the entries', async () => {
		const [slot] = await slotsAhead('follow-up-acupuncture', 'any', 3, 30);
		if (!slot) throw new Error('no free follow-up time in the next month');
		const email = 'not-an-email';
		const note = 'Please keep this note';
		await withPage({ javaScriptEnabled: false, viewport: phone }, async (page) => {
			await navigate(page, () =>
				page.goto(server.url + detailsPath('follow-up-acupuncture', 'any', slot.start))
			);
			await page.getByLabel('Email').fill(email);
			await page.getByLabel('Phone').fill('12');
			await page.getByLabel(/Anything we should know/).fill(note);
			const answer = await navigate(page, () => reviewButton(page).click());
			expect(answer.status).toBe(422);

			const problems: string[] = [];
			for (const [field, errorId] of [
				['name', 'name-error'],
				['email', 'email-error'],
				['phone', 'phone-error']
			] as const) {
				const input = page.locator(`#${field}`);
				const error = page.locator(`#${errorId}.field-error`);
				if ((await error.count()) !== 1) {
					problems.push(`${field}: no .field-error #${errorId}`);
					continue;
				}
				if (!(await error.isVisible())) problems.push(`${field}: the error is not visible`);
				const sameField = await error.evaluate(
					(node, id) => node.closest('.field')?.querySelector(`#${id}`) !== null,
					field
				);
				if (!sameField) problems.push(`${field}: the error is not in the field's own block`);
				if ((await input.getAttribute('aria-invalid')) !== 'true') {
					problems.push(`${field}: aria-invalid is not "true"`);
				}
				const describedBy = (await input.getAttribute('aria-describedby')) ?? '';
				if (!describedBy.split(/\s+/).includes(errorId)) {
					problems.push(`${field}: aria-describedby "${describedBy}" lacks ${errorId}`);
				}
			}
			const radioError = page.locator('fieldset#newPatient .field-error');
			if ((await radioError.count()) !== 1) problems.push('newPatient: no error in the fieldset');

			const summary = page.locator('[role="alert"]').filter({ has: page.locator('a[href^="#"]') });
			if ((await summary.count()) !== 1) problems.push('no error summary with links');
			const targets = await summary
				.locator('a[href^="#"]')
				.evaluateAll((links) => links.map((link) => link.getAttribute('href')));
			for (const target of ['#name', '#email', '#phone', '#newPatient']) {
				if (!targets.includes(target)) problems.push(`the summary does not link to ${target}`);
				else if ((await page.locator(target).count()) !== 1) {
					problems.push(`the summary links to ${target}, which is not on the page`);
				}
			}
			expect(problems, report('validation display problems', problems)).toEqual([]);

			expect(await page.getByLabel('Email').inputValue()).toBe(email);
			expect(await page.getByLabel('Phone').inputValue()).toBe('12');
			expect(await page.getByLabel(/Anything we should know/).inputValue()).toBe(note);
			expect(await page.getByLabel('Full name').inputValue()).toBe('');
			expect(await confirmButton(page).count(), 'no confirm step after invalid details').toBe(0);
		});

		const date = clinicDate(slot.start).toString();
		const after = await slotsAhead('follow-up-acupuncture', 'any', 3, 30);
		expect(
			offeredAt(after, slot.start).some((entry) => entry.practitionerId === slot.practitionerId),
			`${slot.start} (${date}) is still free`
		).toBe(true);
		const mail = await readMailDir(server.dataDir);
		expect(mail.filter((file) => file.email.to.includes(email))).toEqual([]);
	});

	it('a filled-in honeypot field is refused without booking', async () => {
		const [slot] = await slotsAhead('herbal-consultation', 'mei-lin-okafor', 3, 30);
		if (!slot) throw new Error('no free herbal consultation in the next month');
		const patient = e2ePatient('honeypot');
		await withPage({ javaScriptEnabled: false }, async (page) => {
			await navigate(page, () =>
				page.goto(server.url + detailsPath('herbal-consultation', 'mei-lin-okafor', slot.start))
			);
			await fillDetails(page, patient, { newPatient: false });
			// Software that fills every field fills the hidden one too.
			await page.locator('#website').evaluate((input) => {
				(input as HTMLInputElement).value = 'https://spam.example';
			});
			// Refused at the review or at the confirmation, but refused.
			let answer = await navigate(page, () => reviewButton(page).click());
			if ((await confirmButton(page).count()) > 0) {
				answer = await navigate(page, () => confirmButton(page).click());
			}
			expect(answer.status, `a form with the honeypot filled led to ${answer.url}`).toBe(422);
			expect(await page.getByRole('heading', { name: /could not take this booking/ }).count()).toBe(
				1
			);
		});
		const after = await slotsAhead('herbal-consultation', 'mei-lin-okafor', 3, 30);
		expect(offeredAt(after, slot.start).length, 'the time is still free').toBe(1);
	});
});

describe('what the booking pages download and say', () => {
	/** Walks the steps with JavaScript on; `visit` runs on each step page as it loads. */
	async function walkSteps(
		page: Page,
		visit: (step: string, load: () => Promise<unknown>) => Promise<void>
	): Promise<{ start: string; manageUrl: string }> {
		await visit('1 service', () => page.goto(`${server.url}/book`));
		await visit('2 practitioner', () =>
			page.getByRole('link', { name: /Follow-up acupuncture/ }).click()
		);
		await visit('3 day', () => page.getByRole('link', { name: /^Anyone available/ }).click());
		await visit('4 time', () => page.locator('table.calendar a.day').first().click());
		const timeLink = page.locator('.slot-list a').first();
		const start = linkParams((await timeLink.getAttribute('href')) ?? '').start ?? '';
		await visit('5 details', () => timeLink.click());
		await fillDetails(page, e2ePatient(`walk ${Date.now()}`), { newPatient: false });
		await visit('6 review', () => reviewButton(page).click());
		await visit('manage', () => confirmButton(page).click());
		return { start, manageUrl: page.url() };
	}

	it('no booking step or the manage page loads any JavaScript (bytes per page printed)', async () => {
		const rows: string[] = [];
		const problems: string[] = [];
		await withPage({ javaScriptEnabled: true, viewport: phone }, async (page, context) => {
			// Every page pays for its stylesheet, as on a first visit.
			const cdp = await context.newCDPSession(page);
			await cdp.send('Network.enable');
			await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
			await walkSteps(page, async (step, load) => {
				const sizes: Promise<{ type: string; url: string; bytes: number }>[] = [];
				const onFinished = (request: Request) => {
					sizes.push(
						request.sizes().then((size) => ({
							type: request.resourceType(),
							url: request.url(),
							bytes: size.responseBodySize + size.responseHeadersSize
						}))
					);
				};
				page.on('requestfinished', onFinished);
				try {
					const navigation = await navigate(page, load);
					if (navigation.status >= 400) problems.push(`${step}: status ${navigation.status}`);
					await page.waitForLoadState('networkidle');
				} finally {
					page.off('requestfinished', onFinished);
				}
				const requests = await Promise.all(sizes);
				const scripts = requests.filter((entry) => entry.type === 'script');
				for (const script of scripts) problems.push(`${step}: loads script ${script.url}`);
				const inline = await page.locator('script:not([type="application/ld+json"])').count();
				if (inline > 0) problems.push(`${step}: ${inline} <script> elements`);
				const total = requests.reduce((sum, entry) => sum + entry.bytes, 0);
				const byType = new Map<string, number>();
				for (const entry of requests) {
					byType.set(entry.type, (byType.get(entry.type) ?? 0) + entry.bytes);
				}
				const parts = [...byType].map(([type, bytes]) => `${type} ${bytes}`).join(', ');
				rows.push(
					`${step.padEnd(15)} ${String(total).padStart(7)} B in ${requests.length} requests (${parts}); scripts: ${scripts.length}`
				);
			});
		});
		console.log(
			`bytes transferred per page (compressed, headers included):\n  ${rows.join('\n  ')}`
		);
		expect(rows.length).toBe(7);
		expect(problems, report('pages that load JavaScript or fail', problems)).toEqual([]);
	});

	it('booking pages label times "Milwaukee time (CST/CDT)" and the manage page names the zone', async () => {
		const problems: string[] = [];
		const labels = new Map<string, string | undefined>();
		await withPage({ javaScriptEnabled: false }, async (page) => {
			const { start } = await walkSteps(page, async (step, load) => {
				await navigate(page, load);
				const text = await page.locator('main').innerText();
				labels.set(step, /Times are (Milwaukee time \((?:CST|CDT)\))/.exec(text)?.[1]);
			});
			// Before a day is chosen the label speaks of today; from the times on, of that day
			// (they differ only across a daylight-saving change).
			const now = `Milwaukee time (${zoneAbbreviationAt(Temporal.Now.instant().toString())})`;
			const chosen = `Milwaukee time (${zoneAbbreviationAt(start)})`;
			for (const [step, label] of labels) {
				if (step === 'manage') continue;
				const expected = /^[123] /.test(step) ? now : chosen;
				if (label !== expected) {
					problems.push(`${step}: says "${label ?? '(no zone label)'}", expected "${expected}"`);
				}
			}
			const when = (await page.locator('dl.facts dd').first().innerText()).trim();
			const expected = `${longDate(start)}, ${clockTime(start)} – ${clockTime(
				Temporal.Instant.from(start).add({ minutes: 60 }).toString()
			)} ${zoneAbbreviationAt(start)} (Milwaukee time)`;
			if (!when.endsWith(expected)) {
				problems.push(`manage: "When" reads "${when}", expected it to end "${expected}"`);
			}
		});
		expect(problems, report('time label problems', problems)).toEqual([]);
	});
});
