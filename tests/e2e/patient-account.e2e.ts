// The patient's own page, reached by an emailed one-time link (issue 12), tried as a patient
// would on a phone: a demo patient with a submitted health form, signed consent and scores
// asks for a link, reads it from the email, signs in, sees their visits, health form, consent
// and progress, cancels a visit and signs out; the link does not work twice. Then the sign-in
// again with JavaScript off. Every page passes axe; the audit log names the patient for each
// view of their health data.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/lib/server/db/connection';
import { insertAppointment } from '../../src/lib/server/db/repositories/appointment-repository';
import { insertConsentSignature } from '../../src/lib/server/db/repositories/consent-repository';
import { ensureCurrentConsentVersion } from '../../src/lib/server/services/consent';
import { newSecretToken } from '../../src/lib/server/services/tokens';
import { Temporal } from 'temporal-polyfill';
import { expectNoAxeViolations, expectNoAxeViolationsInStaticPage } from '../support/axe';
import { phone } from '../support/browser';
import {
	apiSlots,
	launchSharedBrowser,
	mailTo,
	navigate,
	waitForEmails,
	type SharedBrowser
} from '../support/e2e-booking';
import { startServer, type RunningServer } from '../support/server';
import { formatVnuMessage, validatePages } from '../support/vnu';

let server: RunningServer;
let shared: SharedBrowser;

const demo = { name: 'Demo Patient 01', email: 'demo.patient.01@example.com' };
let demoPatientId = 0;
/** Pages opened with JavaScript off: axe checks a copy of them (it hangs where scripts are off). */
const withoutScript = new WeakSet<Page>();

/**
 * Gives the demo patient (who has a submitted health form and scores in the demo clinic) a
 * signed consent and two upcoming visits, straight in the database: how they were made is not
 * what this test is about.
 */
async function prepareDemoPatient() {
	const services = (await (await fetch(`${server.url}/api/v1/services`)).json()) as {
		services: { id: number; slug: string }[];
	};
	const followUp = services.services.find((service) => service.slug === 'follow-up-acupuncture');
	if (!followUp) throw new Error('no follow-up service');
	const day = (days: number) =>
		Temporal.Now.plainDateISO('America/Chicago').add({ days }).toString();
	const slots = await apiSlots(server.url, { service: followUp.id, from: day(4), to: day(20) });
	const handle = connect({ databaseUrl: null, dataDir: server.dataDir });
	try {
		const db = handle.db;
		const patient = await db
			.selectFrom('patient')
			.select('id')
			.where('email_normalized', '=', demo.email)
			.executeTakeFirstOrThrow();
		demoPatientId = patient.id;
		const now = Temporal.Now.instant();
		for (const slot of [slots[0], slots.at(-1)]) {
			if (!slot) throw new Error('no open slot');
			const start = Temporal.Instant.from(slot.start);
			const end = Temporal.Instant.from(slot.end);
			await insertAppointment(db, {
				locationId: slot.locationId,
				practitionerId: slot.practitionerId,
				// No room: the slot is open for the practitioner, and no room can clash.
				roomId: null,
				serviceId: followUp.id,
				patientId: patient.id,
				start,
				end,
				blockedFrom: start,
				blockedUntil: end,
				isNewPatient: false,
				note: null,
				source: 'staff',
				needsReview: false,
				manageTokenHash: newSecretToken().hash,
				now
			});
		}
		const version = await ensureCurrentConsentVersion(db, now);
		await insertConsentSignature(db, {
			patientId: patient.id,
			appointmentId: null,
			documentId: version.id,
			textHash: version.textHash,
			typedName: demo.name,
			at: now,
			ip: null
		});
	} finally {
		await handle.close();
	}
}

/** The newest sign-in link emailed to `email`, on this server's address. */
async function newestSignInLink(email: string, count: number): Promise<string> {
	const emails = await waitForEmails(server.dataDir, mailTo(email, /sign-in link/), count);
	const text = emails.at(-1)?.text ?? '';
	const match = text.match(/https?:\/\/\S+\/account\/sign-in\/([A-Za-z0-9_-]{43})/);
	if (!match) throw new Error(`no sign-in link in:\n${text}`);
	return `${server.url}/account/sign-in/${match[1]}`;
}

/** Every distinct page met, by name, for one run of the HTML validator at the end. */
const pages = new Map<string, string>();
/** Pages axe has checked already: a page seen again is not checked twice (the tier is slow). */
const checked = new Set<string>();

/**
 * Opens a page by `action`, expects `status` and checks it with axe (a copy when JavaScript is
 * off), once per distinct page.
 */
async function step(page: Page, name: string, action: () => Promise<unknown>, status = 200) {
	const result = await navigate(page, action);
	if (result.status !== status) console.error(server.output().slice(-4000));
	expect(result.status, name).toBe(status);
	const kind = `${name.replace(/ \(.*\)$/, '')}${withoutScript.has(page) ? ', no JavaScript' : ''}`;
	if (checked.has(kind)) return result;
	checked.add(kind);
	pages.set(kind, await page.content());
	if (withoutScript.has(page)) await expectNoAxeViolationsInStaticPage(page, name);
	else await expectNoAxeViolations(page, name);
	return result;
}

async function askForLink(page: Page, email: string, label: string) {
	await step(page, `sign-in form (${label})`, () => page.goto(`${server.url}/account/sign-in`));
	await page.getByLabel('Your email address').fill(email);
	const answered = await step(page, `sign-in answered (${label})`, () =>
		page.getByRole('button', { name: 'Email me a link' }).click()
	);
	expect(await page.getByRole('status').innerText()).toContain(
		'If that address is on a patient record, we have sent a link to it; it works for 15 minutes.'
	);
	return answered;
}

beforeAll(async () => {
	server = await startServer();
	shared = await launchSharedBrowser();
	await prepareDemoPatient();
}, 90_000);
afterAll(async () => {
	await shared?.close();
	await server?.stop();
}, 30_000);

describe("the patient's own page", () => {
	it('a patient signs in by emailed link on a phone, sees their record, cancels a visit and signs out', async () => {
		const context = await shared.newContext({ javaScriptEnabled: true, viewport: phone });
		const page = await context.newPage();
		try {
			// Not signed in: the page sends them to the sign-in form.
			const redirected = await step(page, 'sign-in form (redirected)', () =>
				page.goto(`${server.url}/account`)
			);
			expect(new URL(redirected.url).pathname).toBe('/account/sign-in');

			// An unknown address gets the same answer, and no email.
			const unknown = await askForLink(page, 'nobody-known@example.com', 'unknown');
			const known = await askForLink(page, demo.email.toUpperCase(), 'known');
			expect(known.status).toBe(unknown.status);
			const link = await newestSignInLink(demo.email, 1);
			// Mail goes out in order: the unknown address, asked first, would have had its own.
			const mail = await waitForEmails(server.dataDir, mailTo('nobody-known', /./), 0);
			expect(mail).toHaveLength(0);

			// Opening the link uses nothing up; the button does.
			await step(page, 'sign-in link', () => page.goto(link));
			const signedIn = await step(page, 'account', () =>
				page.getByRole('button', { name: 'Sign in' }).click()
			);
			expect(new URL(signedIn.url).pathname).toBe('/account');
			expect(signedIn.response.headers()['cache-control']).toContain('no-store');
			const cookie = (await context.cookies()).find((entry) => entry.name === 'patient_session');
			expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });

			const upcoming = page.getByRole('region', { name: 'Upcoming visits' });
			expect(await upcoming.getByRole('listitem').count()).toBe(2);
			const past = page.getByRole('region', { name: 'Past and cancelled visits' });
			expect(await past.getByRole('listitem').count()).toBeGreaterThan(0);
			expect(await page.getByRole('region', { name: 'Your progress' }).innerText()).toMatch(
				/pain/i
			);
			expect(await page.locator('section.trend').count()).toBeGreaterThan(0);
			expect(await page.getByRole('region', { name: 'Receipts' }).innerText()).toContain(
				'not available online yet'
			);

			await step(page, 'health form', () =>
				page
					.getByRole('link', { name: /Health form sent on/ })
					.first()
					.click()
			);
			expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Your health form');
			expect(await page.locator('main').innerText()).toMatch(
				/Walking and a warm shower|Lying down with my knees bent/
			);
			await step(page, 'account (again)', () =>
				page.getByRole('link', { name: 'Back to your page' }).click()
			);
			await step(page, 'signed consent', () =>
				page.getByRole('link', { name: /Signed on .* \(version 1\)/ }).click()
			);
			expect(await page.locator('.consent-record').innerText()).toContain(demo.name);
			await step(page, 'account (once more)', () =>
				page.getByRole('link', { name: 'Back to your page' }).click()
			);

			// Cancel the first upcoming visit, after a confirmation.
			await step(page, 'cancel question', () =>
				upcoming
					.getByRole('link', { name: /^Cancel/ })
					.first()
					.click()
			);
			const cancelled = await step(page, 'account (cancelled)', () =>
				page.getByRole('button', { name: 'Yes, cancel it' }).click()
			);
			expect(cancelled.html).toContain('Your appointment is cancelled');
			expect(await upcoming.getByRole('listitem').count()).toBe(1);
			await waitForEmails(server.dataDir, mailTo(demo.email, /cancel/i), 1);

			// Sign out; the page is closed again, and the link does not work twice.
			const signedOut = await step(page, 'sign-in form (signed out)', () =>
				page.getByRole('button', { name: 'Sign out' }).click()
			);
			expect(signedOut.url).toContain('/account/sign-in?signed-out=1');
			expect(await page.getByRole('status').innerText()).toContain('You are signed out');
			const closed = await step(page, 'sign-in form (after sign-out)', () =>
				page.goto(`${server.url}/account`)
			);
			expect(new URL(closed.url).pathname).toBe('/account/sign-in');
			await step(page, 'used link', () => page.goto(link));
			expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(
				'This link no longer works'
			);
			expect(await page.getByRole('button', { name: 'Sign in' }).count()).toBe(0);
		} finally {
			await context.close();
		}
	}, 120_000);

	it('signs in with JavaScript off as well', async () => {
		const context = await shared.newContext({ javaScriptEnabled: false, viewport: phone });
		const page = await context.newPage();
		withoutScript.add(page);
		try {
			await askForLink(page, demo.email, 'no JavaScript');
			const link = await newestSignInLink(demo.email, 2);
			await step(page, 'sign-in link (no JavaScript)', () => page.goto(link));
			const signedIn = await step(page, 'account (no JavaScript)', () =>
				page.getByRole('button', { name: 'Sign in' }).click()
			);
			expect(new URL(signedIn.url).pathname).toBe('/account');
			expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Your page');
			await step(page, 'sign-in form (signed out, no JavaScript)', () =>
				page.getByRole('button', { name: 'Sign out' }).click()
			);
			expect(new URL(page.url()).pathname).toBe('/account/sign-in');
		} finally {
			await context.close();
		}
	}, 60_000);

	it('every page is valid HTML', async () => {
		expect(pages.size).toBeGreaterThan(8);
		for (const [name, found] of await validatePages(pages)) {
			expect(found.map(formatVnuMessage), name).toEqual([]);
		}
	}, 120_000);

	it('recorded each view of health data with the patient named and the address', async () => {
		const handle = connect({ databaseUrl: null, dataDir: server.dataDir });
		try {
			const events = await handle.db
				.selectFrom('audit_event')
				.select(['action', 'actor_type', 'actor_label', 'ip'])
				.where('patient_id', '=', demoPatientId)
				.where('action', 'in', ['account.view', 'intake.view', 'consent.view'])
				.execute();
			for (const action of ['account.view', 'intake.view', 'consent.view']) {
				expect(events.find((event) => event.action === action)).toMatchObject({
					actor_type: 'patient',
					actor_label: `${demo.name} (by email link)`,
					ip: expect.stringMatching(/127\.0\.0\.1/)
				});
			}
		} finally {
			await handle.close();
		}
	});
});
