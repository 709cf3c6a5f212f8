// Testimonials from the staff side, in a real browser and by keyboard (issue 6): the front desk
// publishes a one-star critical feedback and declines another, which needs a listed reason; the
// owner sees how many were declined and why and sets who is invited; staff enter a testimonial
// from a signed paper authorization, which needs the attestation. The website then shows the
// published and the paper one, marked, and not the declined one. Every page passes axe and the
// HTML validator.
import type { Locator, Page } from 'playwright-core';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffRole } from '../../src/lib/domain/staff/roles';
import { bookFollowUp } from '../support/api-follow-up';
import { expectNoAxeViolations } from '../support/axe';
import { launchBrowser, type LaunchedBrowser } from '../support/browser';
import type { FormClient } from '../support/form-client';
import { startServer, type RunningServer } from '../support/server';
import { staffSignIn } from '../support/staff-sign-in';
import { seedFeedback, type SeededFeedback } from '../support/staff-feedback';
import { formatVnuMessage, validatePages } from '../support/vnu';

let server: RunningServer;
let browser: LaunchedBrowser;
let page: Page;
let signIn: ReturnType<typeof staffSignIn>;
const clients = new Map<StaffRole, FormClient>();
const pages = new Map<string, string>();

const critical =
	'Waited 40 minutes past my time, felt rushed, and my back is no better after five visits.';
const spam = 'Buy discount needles at www.needle-bargains.example, 50% off this week only!';
const private_ = 'Please do not publish this: the front desk lost my intake form twice.';
const legacyWords = 'Dr. Okafor helped my migraines a lot. The parking is terrible, though.';

let nora: SeededFeedback;
let sam: SeededFeedback;
let fay: SeededFeedback;

/** Puts one role's signed-in session into the browser (signing in once per role). */
async function as(role: StaffRole): Promise<void> {
	let client = clients.get(role);
	if (!client) {
		client = await signIn(role);
		clients.set(role, client);
	}
	const url = new URL(server.url);
	await browser.context.clearCookies();
	await browser.context.addCookies(
		[...client.jar].map(([name, value]) => ({ name, value, domain: url.hostname, path: '/' }))
	);
}

/** Checks the page in front of the browser: axe, and the HTML kept for the validator. */
async function check(label: string): Promise<void> {
	await expectNoAxeViolations(page, label);
	pages.set(label, await page.content());
}

/** Opens a page, expecting it to load and to pass axe. */
async function open(path: string, label = path): Promise<void> {
	const response = await page.goto(`${server.url}${path}`);
	expect(response?.status(), path).toBe(200);
	await check(label);
}

/** Follows a link or presses a button as a keyboard user does: focus it, press Enter. */
async function press(locator: Locator): Promise<void> {
	await locator.focus();
	await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
}

/** Ticks a radio button or checkbox from the keyboard: focus it, press Space. */
async function tick(locator: Locator): Promise<void> {
	await locator.focus();
	await page.keyboard.press('Space');
	expect(await locator.isChecked()).toBe(true);
}

/** Books a visit for a patient through the API and records their feedback. */
async function patientWithFeedback(
	name: string,
	rating: number,
	words: string,
	permission: boolean
): Promise<SeededFeedback> {
	const key = name.toLowerCase().replace(/\W+/g, '-');
	const booked = await bookFollowUp(server.url, {
		patient: { name, email: `${key}@example.com`, phone: '(414) 555-0188' },
		idempotencyKey: `moderation-${key}`
	});
	return seedFeedback(server.dataDir, {
		appointmentId: booked.id,
		rating,
		words,
		permission: permission
			? { displayName: `${name.split(' ')[0]} ${name.split(' ')[1]?.[0]}.` }
			: null
	});
}

beforeAll(async () => {
	server = await startServer();
	signIn = staffSignIn(server.url);
	browser = await launchBrowser({ javaScriptEnabled: true });
	page = await browser.context.newPage();
	nora = await patientWithFeedback('Nora Critic', 1, critical, true);
	sam = await patientWithFeedback('Sam Seller', 5, spam, true);
	fay = await patientWithFeedback('Fay Private', 2, private_, false);
}, 90_000);
afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

describe('testimonials in the staff workspace', () => {
	it('the front desk finds the feedback and publishes a one-star critical one', async () => {
		await as('front_desk');
		await open('/admin');
		await press(page.getByRole('link', { name: 'Testimonials', exact: true }));
		expect(new URL(page.url()).pathname).toBe('/admin/testimonials');
		await check('inbox (front desk)');
		const waiting = page.locator('section', {
			has: page.getByRole('heading', { name: /^Waiting for a decision/ })
		});
		expect(await waiting.getByRole('heading', { level: 3 }).allTextContents()).toEqual(
			expect.arrayContaining(['Nora Critic', 'Sam Seller'])
		);
		// Feedback not for publishing still reaches the clinic, words and all.
		const privateGroup = page.locator('section', {
			has: page.getByRole('heading', { name: /^Not for publishing/ })
		});
		expect(await privateGroup.textContent()).toContain(private_);
		expect(await privateGroup.getByRole('link', { name: 'Fay Private' }).getAttribute('href')).toBe(
			`/admin/testimonials/${fay.feedbackId}`
		);
		// The owner's summary is not the front desk's.
		expect(await page.getByRole('heading', { name: 'Decisions and invitations' }).count()).toBe(0);

		await press(waiting.getByRole('link', { name: 'Nora Critic' }));
		expect(new URL(page.url()).pathname).toBe(`/admin/testimonials/${nora.feedbackId}`);
		await check('feedback (waiting)');
		expect(await page.locator('blockquote').textContent()).toContain(critical);
		await tick(page.getByRole('radio', { name: 'Publish on the website' }));
		await press(page.getByRole('button', { name: 'Save the decision' }));
		expect(await page.getByRole('status').textContent()).toMatch(/^Published\./);
		expect(await page.locator('.lead').textContent()).toContain('Published');
		await check('feedback (published)');
	});

	it('answers 404 for a feedback that does not exist', async () => {
		const desk = clients.get('front_desk') ?? (await signIn('front_desk'));
		for (const path of ['/admin/testimonials/999999', '/admin/testimonials/abc']) {
			expect((await desk.request(path)).response.status, path).toBe(404);
		}
		const post = await desk.request('/admin/testimonials/999999?/decide', { decision: 'publish' });
		expect(post.response.status).toBe(404);
	});

	it('the front desk declines another, only with one of the listed reasons', async () => {
		await open(`/admin/testimonials/${sam.feedbackId}`, 'feedback (to decline)');
		await tick(page.getByRole('radio', { name: 'Decline', exact: true }));
		await press(page.getByRole('button', { name: 'Save the decision' }));
		expect(await page.getByRole('alert').textContent()).toContain('The decision was not saved');
		expect(await page.locator('#reason-error').textContent()).toMatch(/listed reasons/);
		expect(await page.getByRole('radio', { name: 'Decline', exact: true }).isChecked()).toBe(true);
		await check('feedback (decline refused)');
		// There is no reason for a low rating or criticism to choose.
		const reasons = await page
			.locator('fieldset#reason')
			.getByRole('radio')
			.evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
		expect(reasons).toEqual([
			'other_person_details',
			'abuse',
			'spam_or_advertising',
			'off_topic',
			'patient_asked',
			'unsupported_health_claim'
		]);
		await tick(page.getByRole('radio', { name: 'Spam or advertising' }));
		await page.getByLabel('Note for the record (optional)').fill('Advertises a shop.');
		await press(page.getByRole('button', { name: 'Save the decision' }));
		expect(await page.getByRole('status').textContent()).toMatch(/^Declined\./);
		expect(await page.locator('#history-title + ol').textContent()).toContain(
			'Spam or advertising'
		);
		await check('feedback (declined)');
	});

	it('the owner sees how many were declined and why, and sets who is invited', async () => {
		await as('owner');
		await open('/admin/testimonials', 'inbox (owner)');
		const summary = page.locator('section', {
			has: page.getByRole('heading', { name: 'Decisions and invitations' })
		});
		expect(await summary.textContent()).toMatch(/1 published\s+and\s+1 declined/);
		const rows = await summary
			.locator('tbody tr')
			.evaluateAll((trs) =>
				trs.map((tr) => [...tr.children].map((cell) => (cell.textContent ?? '').trim()).join(' '))
			);
		expect(rows).toEqual([
			'Names or health details of someone else 0',
			'Abusive, threatening or hateful 0',
			'Spam or advertising 1',
			'Not about the clinic or its care 0',
			'The patient asked us not to publish it 0',
			'Makes a health claim we cannot support 0'
		]);

		await press(summary.getByRole('link', { name: 'Change who is invited' }));
		expect(new URL(page.url()).pathname).toBe('/admin/testimonials/policy');
		await check('policy');
		expect(await page.locator('.lead').textContent()).toContain(
			'Every patient is invited after the 3rd completed visit'
		);
		expect(await page.textContent('main')).toContain('never depend on how treatment went');

		await page.getByLabel('Share of those visits that invite the patient (percent)').fill('150');
		await press(page.getByRole('button', { name: 'Save who is invited' }));
		expect(await page.locator('#sample-percent-error').textContent()).toMatch(/0 to 100/);
		await check('policy (refused)');

		await tick(page.getByRole('checkbox', { name: 'After the 1st visit' }));
		await page.getByLabel('Share of those visits that invite the patient (percent)').fill('50');
		await press(page.getByRole('button', { name: 'Save who is invited' }));
		expect(new URL(page.url()).search).toBe('?saved=policy');
		expect(await page.getByRole('status').textContent()).toMatch(/^Saved\./);
		expect(await page.locator('.lead').textContent()).toContain(
			'A fixed random 50% of visits invite the patient after the 1st and 3rd completed visit'
		);
		expect(await page.getByRole('checkbox', { name: 'After the 1st visit' }).isChecked()).toBe(
			true
		);
		await check('policy (saved)');
	});

	it('staff enter a testimonial from a paper authorization only with the attestation', async () => {
		await as('practitioner');
		await open('/admin/testimonials/entries', 'paper entries');
		await press(page.getByRole('link', { name: 'Enter a testimonial from a paper authorization' }));
		await check('paper entry form');
		const today = Temporal.Now.plainDateISO('America/Chicago');
		await page.getByLabel('Name as shown').fill('Lena W.');
		await tick(page.getByRole('radio', { name: '4 stars' }));
		await page.getByLabel('Their words').fill(legacyWords);
		await page.getByLabel('Given on').fill(today.subtract({ years: 1, days: 10 }).toString());
		await page.getByLabel('Authorization signed on').fill(today.subtract({ years: 1 }).toString());
		await page.getByLabel('Authorization ends on').fill(today.add({ years: 2 }).toString());
		await press(page.getByRole('button', { name: 'Enter and publish the testimonial' }));
		expect(await page.getByRole('alert').textContent()).toContain(
			'The testimonial was not entered'
		);
		expect(await page.locator('#attest-error').textContent()).toMatch(/on file/);
		// What was typed is kept.
		expect(await page.getByLabel('Their words').inputValue()).toBe(legacyWords);
		await check('paper entry form (refused)');

		await tick(page.getByRole('checkbox', { name: /signed authorization from this patient/ }));
		await press(page.getByRole('button', { name: 'Enter and publish the testimonial' }));
		expect(new URL(page.url()).pathname).toBe('/admin/testimonials/entries');
		expect(await page.getByRole('status').textContent()).toMatch(/^Entered\./);
		const card = page.locator('li.card', { hasText: legacyWords });
		expect(await card.textContent()).toContain('On the website');
		expect(await card.textContent()).toContain(
			'Entered by staff from a signed paper authorization'
		);
		await check('paper entries (entered)');
	});

	it('the website shows the published and the paper testimonial, marked, and not the declined one', async () => {
		await browser.context.clearCookies();
		await open('/testimonials', 'public testimonials');
		const text = (await page.textContent('main')) ?? '';
		expect(text).toContain(critical);
		expect(text).toContain('1 out of 5 stars');
		expect(text).toContain('Nora C.');
		expect(text).not.toContain(spam);
		expect(text).not.toContain(private_);
		const paper = page.locator('li.card', { hasText: legacyWords });
		expect(await paper.textContent()).toContain(
			'Entered by staff from a signed paper authorization'
		);
		expect(await paper.textContent()).toContain('Lena W.');
	});

	it('every page passes the HTML validator', async () => {
		for (const [name, found] of await validatePages(pages)) {
			expect(found.map(formatVnuMessage), name).toEqual([]);
		}
	}, 120_000);
});
