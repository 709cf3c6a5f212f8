// The back pain check tied to booking (issue 5, ADR 0019), in Chromium without JavaScript: an
// emergency sign stops online booking in that browser; a within-days sign lets the visitor book,
// and the booking reaches a practitioner flagged for review with the answers, who reviews it.
// Every page on the way passes axe.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redFlagQuestions } from '../../src/lib/domain/intake/red-flags';
import { expectNoAxeViolationsInStaticPage } from '../support/axe';
import {
	e2ePatient,
	launchSharedBrowser,
	navigate,
	type SharedBrowser
} from '../support/e2e-booking';
import { startServer, type RunningServer } from '../support/server';
import { addStaffSession, staffSignIn } from '../support/staff-sign-in';

let server: RunningServer;
let shared: SharedBrowser;
let signIn: ReturnType<typeof staffSignIn>;

beforeAll(async () => {
	server = await startServer({ env: { BOOKING_RATE_LIMIT: '1000/600' } });
	shared = await launchSharedBrowser();
	signIn = staffSignIn(server.url);
}, 60_000);

afterAll(async () => {
	await shared?.close();
	await server?.stop();
}, 30_000);

/** Opens a fresh browser without JavaScript, runs `body`, and always closes it. */
async function withVisitor<T>(body: (page: Page, context: BrowserContext) => Promise<T>) {
	const context = await shared.newContext({ javaScriptEnabled: false });
	try {
		return await body(await context.newPage(), context);
	} finally {
		await context.close();
	}
}

/** Opens a page, expecting it to load and to pass axe. */
async function open(page: Page, path: string): Promise<string> {
	const step = await navigate(page, () => page.goto(`${server.url}${path}`));
	expect(step.status, path).toBe(200);
	await expectNoAxeViolationsInStaticPage(page, path);
	return step.html;
}

/** Answers every question of the check: yes to `yes`, no to the rest; returns the result page. */
async function answerCheck(page: Page, yes: string[]): Promise<void> {
	await open(page, '/back-pain-check');
	for (const question of redFlagQuestions) {
		const value = yes.includes(question.id) ? 'Yes' : 'No';
		await page.getByRole('group', { name: question.text }).getByLabel(value).check();
	}
	const result = await navigate(page, () =>
		page.getByRole('button', { name: 'See what to do' }).click()
	);
	expect(result.status).toBe(200);
	await expectNoAxeViolationsInStaticPage(page, 'the check’s result');
}

const bookLinks = (page: Page) => page.locator('a[href^="/book"]');

describe('the back pain check and booking, without JavaScript', () => {
	it('an emergency sign: the 911 message, no booking link, and /book refuses', async () => {
		await withVisitor(async (page, context) => {
			expect(await context.cookies()).toEqual([]);
			await answerCheck(page, ['saddle-numbness']);
			const result = page.locator('[data-outcome="emergency"]');
			expect(await result.getByRole('heading', { level: 2 }).innerText()).toMatch(
				/emergency department.*911/
			);
			expect(await result.getByRole('link', { name: 'Call 911' }).getAttribute('href')).toBe(
				'tel:911'
			);
			expect(await bookLinks(page).count(), 'links to /book after an emergency answer').toBe(0);

			// The cookie: a random token only, HttpOnly and SameSite=Lax (plain http here: not Secure).
			const cookie = (await context.cookies()).find((entry) => entry.name === 'back_pain_check');
			expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false });
			expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
			expect(page.url()).not.toContain(cookie?.value ?? '-');

			// /book shows the emergency message instead of the steps, with the clinic's phone.
			const book = await open(page, '/book?service=initial-acupuncture');
			expect(book).toContain('Go to an emergency department now, or call 911');
			expect(await page.getByText('Step 1 of 6').count()).toBe(0);
			expect(await page.locator('main a[href^="tel:"]').count()).toBeGreaterThanOrEqual(2);
			expect(await bookLinks(page).count()).toBe(0);

			// A booking form sent anyway (an old tab) is refused with the same message.
			for (const action of ['review', 'confirm']) {
				const refused = await context.request.post(`${server.url}/book?/${action}`, {
					headers: { origin: server.url, accept: 'text/html' },
					form: { service: 'initial-acupuncture', practitioner: 'any', start: 'x' }
				});
				expect(refused.status(), action).toBe(403);
				expect(await refused.text()).toContain('Go to an emergency department now, or call 911');
			}
		});
	});

	it('a within-days sign: books, and a practitioner reviews the flagged booking', async () => {
		const patient = e2ePatient('red flag review');
		await withVisitor(async (page) => {
			await answerCheck(page, ['weight-loss']);
			expect(await page.locator('[data-outcome="within_days"] h2').innerText()).toMatch(
				/see your doctor first/i
			);
			// Booking stays offered: follow the result's own link.
			await navigate(page, () =>
				page.locator('[data-outcome="within_days"]').getByRole('link', { name: /^Book/ }).click()
			);
			await expectNoAxeViolationsInStaticPage(page, '/book after the check');
			expect(await page.getByText('Thanks for answering the safety questions').count()).toBe(1);
			// No outcome on the booking pages.
			expect(await page.content()).not.toMatch(/weight|see your doctor first/i);

			await navigate(page, () => page.getByRole('link', { name: /^Anyone available/ }).click());
			await navigate(page, () => page.locator('table.calendar a.day').first().click());
			await navigate(page, () => page.locator('.slot-list a').first().click());
			await expectNoAxeViolationsInStaticPage(page, 'details');
			await page.getByLabel('Full name').fill(patient.name);
			await page.getByLabel('Email').fill(patient.email);
			await page.getByLabel('Phone').fill(patient.phone);
			await page
				.getByRole('group', { name: 'Have you been to us before?' })
				.getByLabel('No, this is my first visit')
				.check();
			await navigate(page, () => page.getByRole('button', { name: 'Review booking' }).click());
			await expectNoAxeViolationsInStaticPage(page, 'review');
			const booked = await navigate(page, () =>
				page.getByRole('button', { name: 'Confirm booking' }).click()
			);
			expect(booked.url).toMatch(/\/manage\/[A-Za-z0-9_-]{43}\?booked=1$/);
			await expectNoAxeViolationsInStaticPage(page, 'booked');
			expect(await page.content()).toMatch(/clinicians\s+will\s+look over your answers/);
		});

		// The practitioner's session, copied into a fresh browser.
		const practitioner = await signIn('practitioner');
		const search = await practitioner.request(
			`/admin/patients?q=${encodeURIComponent(patient.email)}`
		);
		const patientPath = /href="(\/admin\/patients\/\d+)"/.exec(search.html)?.[1];
		expect(patientPath).toBeDefined();
		const context = await shared.newContext({ javaScriptEnabled: false });
		try {
			await addStaffSession(context, practitioner, server.url);
			const page = await context.newPage();
			const patientPage = await open(page, patientPath ?? '/admin/patients');
			expect(patientPage).toContain('Safety screenings');
			expect(patientPage).toContain('Have you lost weight without trying?');
			const appointmentPath = /href="(\/admin\/appointments\/\d+)"/.exec(patientPage)?.[1] ?? '';

			// The front desk sees only that a review is pending.
			const desk = await signIn('front_desk');
			const deskView = await desk.request(appointmentPath);
			expect(deskView.html).toContain('Clinician review pending');
			expect(deskView.html).not.toContain('Have you lost weight');
			expect(deskView.html).not.toContain('name="note"');
			const deskPatient = await desk.request(patientPath ?? '');
			expect(deskPatient.html).not.toContain('Safety screenings');

			const before = await open(page, appointmentPath);
			expect(before).toContain('Clinician review pending');
			expect(before).toContain('See a doctor within days');
			expect(before).toContain('Have you lost weight without trying?');
			expect(before).toContain('Please see your doctor first, within the next few days');

			// A review needs a note.
			await navigate(page, () => page.getByRole('button', { name: 'Mark as reviewed' }).click());
			await expectNoAxeViolationsInStaticPage(page, 'review without a note');
			expect(await page.locator('.field-error').innerText()).toMatch(/short note/);

			const note = 'Called the patient; GP saw them yesterday, fine to treat';
			await page.getByLabel('Your review (required)').fill(note);
			const done = await navigate(page, () =>
				page.getByRole('button', { name: 'Mark as reviewed' }).click()
			);
			expect(done.url).toContain('done=reviewed');
			await expectNoAxeViolationsInStaticPage(page, 'reviewed');
			const after = await page.content();
			expect(after).not.toContain('Clinician review pending');
			expect(after).toContain(note);
			expect(after).toMatch(/Reviewed by [^,]+,/);
			expect(await page.getByRole('button', { name: 'Mark as reviewed' }).count()).toBe(0);

			// The front desk sees who reviewed it, and not the note.
			const deskAfter = await desk.request(appointmentPath);
			expect(deskAfter.html).toMatch(/Reviewed by/);
			expect(deskAfter.html).not.toContain(note);
		} finally {
			await context.close();
		}
	});
});
