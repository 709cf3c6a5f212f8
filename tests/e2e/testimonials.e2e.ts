// Testimonials, tried as patients and the front desk would: a patient is invited, writes
// critical feedback on a phone without JavaScript (after one refused post) and gives permission
// to publish it; the front desk publishes it from the workspace, and it appears on
// /testimonials and on its condition's page. Another patient revokes from the link in the
// confirmation email, and theirs disappears at once. A parent signs for a patient as their
// personal representative: without saying what gives them authority nothing is signed; with it,
// the emailed copy carries the full text, the authority and the name signed. Every page passes
// axe and vnu.
import type { BrowserContext, Page } from 'playwright-core';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type DatabaseHandle } from '../../src/lib/server/db/connection';
import { demoIds, testPatient } from '../support/booking';
import { expectNoAxeViolations, expectNoAxeViolationsInStaticPage } from '../support/axe';
import { desktop, phone } from '../support/browser';
import {
	launchSharedBrowser,
	mailTo,
	navigate,
	waitForEmails,
	type SharedBrowser
} from '../support/e2e-booking';
import { invitePatientForFeedback } from '../support/feedback';
import { startServer, type RunningServer } from '../support/server';
import { addStaffSession, staffSignIn } from '../support/staff-sign-in';
import { formatVnuMessage, validatePages } from '../support/vnu';

let server: RunningServer;
let shared: SharedBrowser;
let database: DatabaseHandle;
let context: BrowserContext;
let page: Page;
/** The front desk's browser: a desktop page with JavaScript on. */
let staffPage: Page;
const pages = new Map<string, string>();

async function step(name: string, action: () => Promise<unknown>, status = 200) {
	const result = await navigate(page, action);
	expect(result.status, name).toBe(status);
	pages.set(name, await page.content());
	await expectNoAxeViolationsInStaticPage(page, name);
	return result;
}

/** The front desk publishes the patient's feedback from the workspace, using only the keyboard. */
async function publishFromWorkspace(patientName: string, label: string) {
	const open = async (name: string, action: () => Promise<unknown>) => {
		const result = await navigate(staffPage, action);
		expect(result.status, name).toBe(200);
		pages.set(name, await staffPage.content());
		await expectNoAxeViolations(staffPage, name);
	};
	await open(`${label}: staff inbox`, () => staffPage.goto(`${server.url}/admin/testimonials`));
	const waiting = staffPage.locator('section', {
		has: staffPage.getByRole('heading', { name: /^Waiting for a decision/ })
	});
	const link = waiting.getByRole('link', { name: patientName });
	await link.focus();
	await open(`${label}: staff feedback page`, () => staffPage.keyboard.press('Enter'));
	await staffPage.getByRole('radio', { name: 'Publish on the website' }).focus();
	await staffPage.keyboard.press('Space');
	await staffPage.getByRole('button', { name: 'Save the decision' }).focus();
	await open(`${label}: staff published`, () => staffPage.keyboard.press('Enter'));
	expect(await staffPage.getByRole('status').textContent()).toMatch(/^Published\./);
}

/** Writes feedback and signs the permission, from the feedback link, as the patient `key`. */
async function giveAndAuthorise(key: string, words: string, rating: string, label: string) {
	const token = await invitePatientForFeedback(
		database.db,
		await demoIds(database.db),
		key,
		Temporal.Now.instant(),
		{ serverDataDir: server.dataDir }
	);
	await step(`${label}: feedback form`, () => page.goto(`${server.url}/feedback/${token}`));
	await page.getByRole('radio', { name: new RegExp(`${rating} stars?:`) }).check();
	await page.getByLabel('In your own words').fill(words);
	await page.getByLabel('What was it about? (optional)').selectOption('back-pain');
	await step(`${label}: thank you`, () =>
		page.getByRole('button', { name: 'Send my feedback' }).click()
	);
	await step(`${label}: publish page`, () =>
		page.getByRole('link', { name: 'Read about publishing and decide' }).click()
	);
	await page.getByLabel(/My first name and the initial of my last name/).check();
	await page.getByLabel('I have no connection to the clinic or its staff').check();
	await page.getByLabel('Type your full name to sign').fill(testPatient(key).name);
	await page.getByLabel('I have read this and give my permission to publish my feedback').check();
	await step(`${label}: permission given`, () =>
		page.getByRole('button', { name: 'Give permission to publish' }).click()
	);
	expect(await page.locator('main').innerText()).toMatch(/You gave permission to publish it as/);
	return token;
}

beforeAll(async () => {
	server = await startServer();
	database = connect({ databaseUrl: null, dataDir: server.dataDir });
	shared = await launchSharedBrowser();
	context = await shared.newContext({ javaScriptEnabled: false, viewport: phone });
	page = await context.newPage();
	const staffContext = await shared.newContext({ javaScriptEnabled: true, viewport: desktop });
	await addStaffSession(staffContext, await staffSignIn(server.url)('front_desk'), server.url);
	staffPage = await staffContext.newPage();
}, 90_000);
afterAll(async () => {
	await context?.close();
	await shared?.close();
	await database?.close();
	await server?.stop();
}, 30_000);

describe('testimonials that are real', () => {
	const critical =
		'Honest and kind, but after four visits my back pain is only a little better. I would have liked more advice on exercises.';

	it('a patient writes critical feedback and gives permission; the front desk publishes it, and it appears', async () => {
		const token = await invitePatientForFeedback(
			database.db,
			await demoIds(database.db),
			'critic',
			Temporal.Now.instant(),
			{ serverDataDir: server.dataDir }
		);
		const opened = await step('feedback form', () => page.goto(`${server.url}/feedback/${token}`));
		expect(opened.response.headers()['cache-control']).toContain('no-store');

		// Sent empty: every problem is named, nothing is saved.
		await step(
			'feedback form, empty',
			() => page.getByRole('button', { name: 'Send my feedback' }).click(),
			422
		);
		expect(await page.getByRole('alert').innerText()).toMatch(/rating[\s\S]*few words/i);

		await page.getByLabel('2 stars: poor').check();
		await page.getByLabel('In your own words').fill(critical);
		await page.getByLabel('What was it about? (optional)').selectOption('back-pain');
		await step('feedback sent', () =>
			page.getByRole('button', { name: 'Send my feedback' }).click()
		);
		expect(await page.getByRole('status').innerText()).toMatch(/has received it/);

		await step('publish page', () =>
			page.getByRole('link', { name: 'Read about publishing and decide' }).click()
		);
		const text = await page.locator('main').innerText();
		for (const heading of [
			'What will be published',
			'Where',
			'Once published, your words are public',
			'Why',
			'Until when',
			'You can revoke this at any time',
			'Your care does not depend on this'
		]) {
			expect(text).toContain(heading);
		}
		expect(text).toContain('shown as “Test C.”');

		// A wrong name is refused without repeating the name on record in the message.
		await page.getByLabel(/My first name and the initial of my last name/).check();
		await page.getByLabel('I have no connection to the clinic or its staff').check();
		await page.getByLabel('Type your full name to sign').fill('Someone Else');
		await page.getByLabel('I have read this and give my permission to publish my feedback').check();
		await step(
			'publish page, wrong name',
			() => page.getByRole('button', { name: 'Give permission to publish' }).click(),
			422
		);
		expect(await page.locator('#signature-name-error').innerText()).toMatch(/does not match/);
		await page.getByLabel('Type your full name to sign').fill('test patient critic');
		await step('permission given', () =>
			page.getByRole('button', { name: 'Give permission to publish' }).click()
		);
		expect(await page.locator('main').innerText()).toMatch(
			/You gave permission to publish it as “Test C.” until \w+ \d+, \d{4}/
		);

		// Not shown before staff decide.
		await step('testimonials, before the decision', () => page.goto(`${server.url}/testimonials`));
		expect(await page.locator('main').innerText()).not.toContain(critical);

		await publishFromWorkspace(testPatient('critic').name, 'critic');
		await step('testimonials, published', () => page.goto(`${server.url}/testimonials`));
		const card = page.locator('figure', { hasText: critical });
		expect(await card.innerText()).toMatch(/2 out of 5 stars/);
		expect(await card.innerText()).toMatch(/Test C\., about back pain/);
		// Newest first: above the demo samples.
		expect(await page.locator('figure').first().innerText()).toContain(critical);
		expect(await page.locator('main').innerText()).toMatch(/Results vary from person to person/);

		await step('back pain page', () => page.goto(`${server.url}/conditions/back-pain`));
		expect(await page.locator('main').innerText()).toContain(critical);
	}, 120_000);

	it('another patient revokes from the confirmation email, and theirs disappears at once', async () => {
		const words = 'Five visits in, I sleep better. The booking reminders were clear and useful.';
		await giveAndAuthorise('revoker', words, '4', 'revoker');
		await publishFromWorkspace(testPatient('revoker').name, 'revoker');
		await step('testimonials, before revoking', () => page.goto(`${server.url}/testimonials`));
		expect(await page.locator('main').innerText()).toContain(words);

		const [confirmation] = await waitForEmails(
			server.dataDir,
			mailTo(testPatient('revoker').email, /your permission to publish your feedback/)
		);
		const link = /https?:\/\/\S+\/testimonials\/revoke\/[A-Za-z0-9_-]{43}/.exec(
			confirmation?.text ?? ''
		)?.[0];
		if (!link) throw new Error('the confirmation email has no revoke link');
		// Opening the link changes nothing (mail scanners open links); the button revokes.
		await step('revoke page', () => page.goto(`${server.url}${new URL(link).pathname}`));
		await step('testimonials, link only opened', () => page.goto(`${server.url}/testimonials`));
		expect(await page.locator('main').innerText()).toContain(words);
		await step('revoke page again', () => page.goto(`${server.url}${new URL(link).pathname}`));
		await step('revoked', () =>
			page.getByRole('button', { name: 'Revoke my permission and take it down' }).click()
		);
		expect(await page.getByRole('status').innerText()).toMatch(/Done/);
		await step('testimonials, after revoking', () => page.goto(`${server.url}/testimonials`));
		expect(await page.locator('main').innerText()).not.toContain(words);
		await waitForEmails(
			server.dataDir,
			mailTo(testPatient('revoker').email, /taken off our website/)
		);
	}, 120_000);

	it('a parent signs for the patient as their representative, and is emailed a full copy', async () => {
		const words = 'My daughter was nervous about needles, and the practitioner took it slowly.';
		const token = await invitePatientForFeedback(
			database.db,
			await demoIds(database.db),
			'minor',
			Temporal.Now.instant(),
			{ serverDataDir: server.dataDir }
		);
		await step('minor: feedback form', () => page.goto(`${server.url}/feedback/${token}`));
		await page.getByLabel('4 stars: good').check();
		await page.getByLabel('In your own words').fill(words);
		await step('minor: thank you', () =>
			page.getByRole('button', { name: 'Send my feedback' }).click()
		);
		await step('minor: publish page', () =>
			page.getByRole('link', { name: 'Read about publishing and decide' }).click()
		);
		expect(await page.locator('main').innerText()).toMatch(
			/no longer protected by the federal health privacy rules/
		);
		// The patient signing for themselves is the choice already made.
		expect(await page.getByLabel('I am the patient').isChecked()).toBe(true);

		await page.getByLabel('My initials').check();
		await page.getByLabel('I have no connection to the clinic or its staff').check();
		await page.getByLabel('I sign for the patient as their personal representative').check();
		await page.getByLabel('Type your full name to sign').fill('Mary Parent');
		await page.getByLabel('I have read this and give my permission to publish my feedback').check();
		await step(
			'minor: publish page, no authority',
			() => page.getByRole('button', { name: 'Give permission to publish' }).click(),
			422
		);
		expect(await page.getByRole('alert').innerText()).toMatch(
			/Your authority to sign for the patient/
		);
		expect(await page.locator('#representative-authority-error').innerText()).toMatch(
			/what gives you the authority to sign for the patient, for example parent/
		);
		// What was typed is kept, the choice of signer too.
		expect(
			await page.getByLabel('I sign for the patient as their personal representative').isChecked()
		).toBe(true);
		expect(await page.getByLabel('Type your full name to sign').inputValue()).toBe('Mary Parent');

		await page
			.getByLabel('If you sign for the patient, what gives you the authority to act for them?')
			.fill('Mother of the patient, who is 15');
		await step('minor: permission given', () =>
			page.getByRole('button', { name: 'Give permission to publish' }).click()
		);
		expect(await page.locator('main').innerText()).toMatch(/You gave permission to publish it as/);

		const [copy] = await waitForEmails(
			server.dataDir,
			mailTo(testPatient('minor').email, /your permission to publish your feedback/)
		);
		const text = copy?.text ?? '';
		expect(text).toContain('This email is your copy of what was signed');
		expect(text).toContain('ONCE PUBLISHED, YOUR WORDS ARE PUBLIC');
		expect(text).toMatch(/no longer protected by the federal health privacy rules/);
		expect(text).toContain(`Your words, as you wrote them: "${words}"`);
		expect(text).toContain(
			'by a personal representative for the patient, typing the name "Mary Parent"'
		);
		expect(text).toContain(
			'Authority to act for the patient, as stated: Mother of the patient, who is 15'
		);
		expect(text).toMatch(/Fingerprint of the text signed \(SHA-256\): [0-9a-f]{64}/);
	}, 120_000);

	it('an unknown link is a plain 404', async () => {
		await step(
			'unknown feedback link',
			() => page.goto(`${server.url}/feedback/${'x'.repeat(43)}`),
			404
		);
		await step(
			'unknown revoke link',
			() => page.goto(`${server.url}/testimonials/revoke/${'x'.repeat(43)}`),
			404
		);
	});

	it('every page is valid HTML', async () => {
		for (const [name, found] of await validatePages(pages)) {
			expect(found.map(formatVnuMessage), name).toEqual([]);
		}
	}, 120_000);
});
