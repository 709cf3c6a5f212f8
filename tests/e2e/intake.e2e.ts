// The health form (intake) tried as a patient would: booked through the API, then filled on a
// phone without JavaScript from the manage link, one step per page, with one mistake shown
// next to its field; every page passes axe and the HTML validator. Then a practitioner sees
// the precaution it raised, and the front desk sees only that the form is done.
import type { Page } from 'playwright-core';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redFlagQuestions } from '../../src/lib/domain/intake/red-flags';
import { contraindicationItemsForStep } from '../../src/lib/domain/intake/contraindications';
import { bookFollowUp } from '../support/api-follow-up';
import { expectNoAxeViolationsInStaticPage } from '../support/axe';
import { phone } from '../support/browser';
import {
	launchSharedBrowser,
	navigate,
	type Navigation,
	type SharedBrowser
} from '../support/e2e-booking';
import { startServer, type RunningServer } from '../support/server';
import { addStaffSession, staffSignIn } from '../support/staff-sign-in';
import { formatVnuMessage, validatePages } from '../support/vnu';

let server: RunningServer;
let shared: SharedBrowser;
/** The patient's phone, without JavaScript. */
let page: Page;
/** Every page seen, by a readable name, for one validator run at the end. */
const seen = new Map<string, string>();

/** Books a follow-up through the JSON API, as a new patient; returns its manage link too. */
function bookOne(): Promise<{ id: number; manageUrl: string }> {
	return bookFollowUp(server.url, {
		patient: { name: 'Ines Intake', email: 'ines@example.com', phone: '(414) 555-0166' },
		newPatient: true,
		idempotencyKey: `intake-${Date.now()}`
	});
}

/** Checks the page just opened with axe and keeps its HTML for the validator. */
async function check(name: string, visit: Navigation): Promise<Navigation> {
	await expectNoAxeViolationsInStaticPage(page, name);
	seen.set(name, visit.html);
	return visit;
}

/** Presses "Save and continue" and waits for the next page. */
function saveAndContinue(): Promise<Navigation> {
	return navigate(page, () => page.getByRole('button', { name: 'Save and continue' }).click());
}

/** Ticks a radio button or checkbox by its field name and value. */
async function choose(name: string, value: string): Promise<void> {
	await page.locator(`input[name="${name}"][value="${value}"]`).check();
}

beforeAll(async () => {
	server = await startServer();
	shared = await launchSharedBrowser();
	page = await (await shared.newContext({ javaScriptEnabled: false, viewport: phone })).newPage();
}, 60_000);
afterAll(async () => {
	await shared?.close();
	await server?.stop();
});

describe('the health form', () => {
	let booked: { id: number; manageUrl: string };

	it('is filled on a phone without JavaScript, step by step, to submission', async () => {
		booked = await bookOne();
		const manage = await check('manage', await navigate(page, () => page.goto(booked.manageUrl)));
		expect(manage.status).toBe(200);
		const entry = page.getByRole('link', { name: /Your health form/ });
		expect(await entry.textContent()).toContain('Not started');

		const start = await check('overview', await navigate(page, () => entry.click()));
		expect(start.url).toBe(`${booked.manageUrl}/intake`);
		let step = await check(
			'about-you',
			await navigate(page, () => page.getByRole('link', { name: 'Start' }).click())
		);
		expect(step.url).toBe(`${booked.manageUrl}/intake/about-you`);
		expect(await page.getByText('Step 1 of 9').count()).toBe(1);
		// What the patient gave when booking is filled in already.
		expect(await page.getByLabel('Full name').inputValue()).toBe('Ines Intake');

		// One mistake: the date of birth left empty. The message sits next to its field and in the
		// summary, and everything typed is kept.
		await page.getByLabel('What should we call you? (optional)').fill('Ines');
		step = await check('about-you with an error', await saveAndContinue());
		expect(step.status).toBe(422);
		const message = 'Please enter your date of birth.';
		const field = page.locator('.field', { has: page.locator('#date-of-birth') });
		expect(await field.locator('.field-error').textContent()).toBe(message);
		expect(await page.locator('#date-of-birth').getAttribute('aria-describedby')).toContain(
			'date-of-birth-error'
		);
		expect(await page.getByRole('alert').getByRole('link', { name: message }).count()).toBe(1);
		expect(await page.getByLabel('What should we call you? (optional)').inputValue()).toBe('Ines');

		await page.getByLabel('Date of birth').fill('1970-05-14');
		step = await check('pain', await saveAndContinue());
		expect(step.url).toBe(`${booked.manageUrl}/intake/pain`);
		expect(await page.getByText('Step 2 of 9').count()).toBe(1);
		await page.getByLabel('Back pain').check();
		await page.getByLabel('Lower back, right side').check();
		await page.getByLabel('Lower back, left side').check();
		const onset = Temporal.Now.plainDateISO('America/Chicago').subtract({ days: 120 });
		await page.getByLabel('When did this pain start?').fill(onset.toString());

		step = await check('red-flags', await saveAndContinue());
		expect(step.url).toBe(`${booked.manageUrl}/intake/red-flags`);
		for (const question of redFlagQuestions) {
			await choose(question.id, question.id === 'upper-back' ? 'yes' : 'no');
		}
		step = await check('red-flags advice', await saveAndContinue());
		// No health hint in the address: the advice is flagged by a cookie (ADR 0032).
		expect(step.url).toBe(`${booked.manageUrl}/intake/red-flags`);
		expect(await page.getByRole('alert').textContent()).toContain(
			'Please see your doctor first, within the next few days'
		);

		step = await check(
			'history',
			await navigate(page, () =>
				page.getByRole('link', { name: 'Go on with the health form' }).click()
			)
		);
		expect(step.url).toBe(`${booked.manageUrl}/intake/history`);
		await page.getByLabel('What makes the pain better? (optional)').fill('A warm bath');
		await page.getByLabel('Massage').check();

		step = await check('medications', await saveAndContinue());
		await choose('anticoagulant', 'yes');
		await page.getByLabel('Apixaban (Eliquis)').check();
		await choose('antiplatelet', 'no');

		step = await check('health', await saveAndContinue());
		expect(step.url).toBe(`${booked.manageUrl}/intake/health`);
		for (const item of contraindicationItemsForStep('health')) await choose(item.id, 'no');

		step = await check('pregnancy', await saveAndContinue());
		await choose('pregnancy', 'no');

		step = await check('goals', await saveAndContinue());
		const activities = ['Gardening', 'Walking the dog', 'Sitting at work'];
		for (const [index, activity] of activities.entries()) {
			await page.locator(`#psfs-activity-${index + 1}`).fill(activity);
			await choose(`psfs-score-${index + 1}`, String(index + 3));
		}

		step = await check('baseline', await saveAndContinue());
		expect(await page.getByText('Step 9 of 9').count()).toBe(1);
		for (const [name, score] of [
			['nprs', '6'],
			['peg-pain', '6'],
			['peg-enjoyment', '5'],
			['peg-activity', '4']
		]) {
			await choose(name as string, score as string);
		}

		step = await check('review', await saveAndContinue());
		expect(step.url).toBe(`${booked.manageUrl}/intake/review`);
		expect(step.html).toContain('Apixaban (Eliquis)');
		expect(step.html).toContain('Walking the dog');
		step = await check(
			'submitted',
			await navigate(page, () => page.getByRole('button', { name: 'Send my health form' }).click())
		);
		expect(step.url).toBe(`${booked.manageUrl}/intake?submitted=1`);
		expect(await page.getByRole('status').textContent()).toContain('your health form is sent');
		expect(await page.getByRole('button', { name: 'Update my health form' }).count()).toBe(1);

		// Read-only now: a step's page leads back to the submitted form.
		const again = await navigate(page, () => page.goto(`${booked.manageUrl}/intake/pain`));
		expect(again.url).toBe(`${booked.manageUrl}/intake`);
		await navigate(page, () => page.goto(booked.manageUrl));
		expect(await page.getByRole('link', { name: /Your health form/ }).textContent()).toMatch(
			/Submitted on/
		);

		const problems = await validatePages(seen);
		const report = [...problems]
			.filter(([, messages]) => messages.length > 0)
			.map(([name, messages]) => `${name}:\n  ${messages.map(formatVnuMessage).join('\n  ')}`);
		console.log(`intake: ${seen.size} pages checked with axe and vnu`);
		expect(report).toEqual([]);
	});

	it('shows a practitioner the precaution, and the front desk only that the form is done', async () => {
		const signIn = staffSignIn(server.url);
		const practitioner = await signIn('practitioner');
		await page.context().clearCookies();
		await addStaffSession(page.context(), practitioner, server.url);
		const flag =
			'Anticoagulant: Apixaban (Eliquis) — Bleeding and bruising risk: needle with care and press firmly after removing needles.';
		const appointment = await navigate(page, () =>
			page.goto(`${server.url}/admin/appointments/${booked.id}`)
		);
		expect(appointment.status).toBe(200);
		await check('staff appointment', appointment);
		expect(await page.getByText('Health form: submitted').count()).toBe(1);
		expect(await page.getByText(flag).count()).toBe(1);

		const patientHref = /href="(\/admin\/patients\/\d+)"/.exec(appointment.html)?.[1] ?? '';
		await check(
			'staff patient',
			await navigate(page, () => page.goto(`${server.url}${patientHref}`))
		);
		const full = await navigate(page, () =>
			page.getByRole('link', { name: 'Read the whole health form' }).click()
		);
		expect(full.status).toBe(200);
		expect(full.url).toMatch(/\/admin\/patients\/\d+\/intake\/\d+$/);
		await check('staff intake view', full);
		expect(full.html).toContain('Walking the dog');

		// The calendar block says so in short words.
		const day = /\/admin\/calendar\?date=(\d{4}-\d{2}-\d{2})/.exec(appointment.html)?.[1];
		const calendar = await navigate(page, () =>
			page.goto(`${server.url}/admin/calendar?date=${day}`)
		);
		const block = page.locator(`a[href="/admin/appointments/${booked.id}"]`);
		expect(calendar.status).toBe(200);
		expect(await block.textContent()).toContain('Precaution');
		expect(await block.textContent()).not.toContain('Forms missing');

		const desk = await signIn('front_desk');
		const deskView = await desk.request(`/admin/appointments/${booked.id}`);
		expect(deskView.html).toContain('Health form: submitted');
		expect(deskView.html).not.toContain('Apixaban');
		expect(deskView.html).not.toContain('Read the whole health form');
		const deskCalendar = await desk.request(`/admin/calendar?date=${day}`);
		expect(deskCalendar.html).toContain('Ines Intake');
		expect(deskCalendar.html).not.toContain('Precaution');
	});
});
