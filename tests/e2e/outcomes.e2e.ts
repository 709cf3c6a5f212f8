// Outcomes at each visit, tried as people would (issue 5): a patient answers the check-in on a
// phone without JavaScript; the front desk hands a tablet over in kiosk mode, which signs them
// out, and the patient answers there; the practitioner sees the trend, and the manage link
// shows no progress chart (issue 12, ADR 0029). Every page passes axe.
//
// The check-in opens 48 hours before a visit, and the built server has no test clock, so each
// visit is booked through the JSON API and then moved, in the database, to start an hour or
// three from now (see ADR 0022).
import type { Page } from 'playwright-core';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/lib/server/db/connection';
import { toDbInstant } from '../../src/lib/server/db/instant';
import { insertOutcomeResponses } from '../../src/lib/server/db/repositories/outcome-repository';
import { askedQuestionIds } from '../../src/lib/domain/intake/red-flags';
import { bookFollowUp } from '../support/api-follow-up';
import { expectNoAxeViolations, expectNoAxeViolationsInStaticPage } from '../support/axe';
import { phone } from '../support/browser';
import { launchSharedBrowser, navigate, type SharedBrowser } from '../support/e2e-booking';
import { startServer, type RunningServer } from '../support/server';
import { addStaffSession, staffSignIn } from '../support/staff-sign-in';

let server: RunningServer;
let shared: SharedBrowser;
let signIn: ReturnType<typeof staffSignIn>;

interface Visit {
	id: number;
	patientId: number;
	manageUrl: string;
}

/** Books a follow-up through the API, then moves it to start `hoursAhead` from now. */
async function bookVisitSoon(label: string, hoursAhead: number): Promise<Visit> {
	const body = await bookFollowUp(server.url, {
		patient: {
			name: `Robin ${label} Park`,
			email: `robin-${label.toLowerCase()}@example.com`,
			phone: '(414) 555-0166'
		},
		idempotencyKey: `outcomes-${label}`
	});
	const start = Temporal.Now.instant()
		.add({ hours: hoursAhead })
		.round({ smallestUnit: 'minute', roundingMode: 'floor' });
	const handle = connect({ databaseUrl: null, dataDir: server.dataDir });
	try {
		const row = await handle.db
			.selectFrom('appointment')
			.select(['patient_id', 'starts_at', 'ends_at', 'blocked_from', 'blocked_until'])
			.where('id', '=', body.id)
			.executeTakeFirstOrThrow();
		const shift = (value: string | Date) =>
			toDbInstant(
				start.add({
					milliseconds:
						Temporal.Instant.from(String(value)).epochMilliseconds -
						Temporal.Instant.from(String(row.starts_at)).epochMilliseconds
				})
			);
		await handle.db
			.updateTable('appointment')
			.set({
				starts_at: shift(row.starts_at),
				ends_at: shift(row.ends_at),
				blocked_from: shift(row.blocked_from),
				blocked_until: shift(row.blocked_until)
			})
			.where('id', '=', body.id)
			.execute();
		return { id: body.id, patientId: row.patient_id, manageUrl: body.manageUrl };
	} finally {
		await handle.close();
	}
}

/** Answers the check-in form: NPRS, the three PEG items, and "no" to every red flag. */
async function answerCheckIn(page: Page, nprs: number, peg: [number, number, number]) {
	await page.check(`input[name="nprs"][value="${nprs}"]`);
	await page.check(`input[name="peg-pain"][value="${peg[0]}"]`);
	await page.check(`input[name="peg-enjoyment"][value="${peg[1]}"]`);
	await page.check(`input[name="peg-activity"][value="${peg[2]}"]`);
	// The sets asked depend on the health form (every set without one, hazard H6a); the only
	// yes/no radios on the form are the safety questions.
	const safety = await page.locator('form input[type="radio"][value="no"]').all();
	expect(safety.length).toBeGreaterThanOrEqual(
		askedQuestionIds(['back'], 'since_last_visit').length
	);
	for (const radio of safety) await radio.check();
}

beforeAll(async () => {
	server = await startServer();
	shared = await launchSharedBrowser();
	signIn = staffSignIn(server.url);
}, 60_000);
afterAll(async () => {
	await shared?.close();
	await server?.stop();
}, 30_000);

describe('outcomes at each visit', () => {
	let linkVisit: Visit;

	it('a patient answers the check-in on a phone without JavaScript, once', async () => {
		linkVisit = await bookVisitSoon('Link', 1);
		const context = await shared.newContext({ javaScriptEnabled: false, viewport: phone });
		try {
			const page = await context.newPage();
			await navigate(page, () => page.goto(linkVisit.manageUrl));
			await expectNoAxeViolationsInStaticPage(page, 'manage page');
			const opened = await navigate(page, () =>
				page.getByRole('link', { name: /Check-in before your visit/ }).click()
			);
			expect(opened.status).toBe(200);
			expect(new URL(opened.url).pathname).toMatch(/^\/manage\/[^/]+\/check-in$/);
			expect(opened.response.headers()['cache-control']).toBe('no-store');
			await expectNoAxeViolationsInStaticPage(page, 'check-in form');

			// A missing answer comes back next to its question, with what was chosen kept.
			await page.check('input[name="nprs"][value="6"]');
			const refused = await navigate(page, () =>
				page.getByRole('button', { name: 'Send my answers' }).click()
			);
			expect(refused.status).toBe(422);
			expect(await page.isChecked('input[name="nprs"][value="6"]')).toBe(true);
			expect(await page.locator('#peg-pain-error').textContent()).toMatch(/0 to 10/);
			await expectNoAxeViolationsInStaticPage(page, 'check-in with errors');

			await answerCheckIn(page, 6, [6, 7, 6]);
			const saved = await navigate(page, () =>
				page.getByRole('button', { name: 'Send my answers' }).click()
			);
			expect(saved.status).toBe(200);
			expect(await page.getByRole('heading', { level: 2 }).first().textContent()).toBe(
				'Thank you, your answers are saved'
			);
			await expectNoAxeViolationsInStaticPage(page, 'check-in saved');

			// Once per visit: the page now says so.
			await navigate(page, () => page.goto(`${linkVisit.manageUrl}/check-in`));
			expect(await page.getByRole('heading', { name: 'Already answered' }).count()).toBe(1);
		} finally {
			await context.close();
		}
		const handle = connect({ databaseUrl: null, dataDir: server.dataDir });
		try {
			const rows = await handle.db
				.selectFrom('outcome_response')
				.select(['scale', 'score_tenths', 'source'])
				.where('appointment_id', '=', linkVisit.id)
				.orderBy('id')
				.execute();
			expect(rows).toEqual([
				{ scale: 'nprs', score_tenths: 60, source: 'link' },
				{ scale: 'peg', score_tenths: 63, source: 'link' }
			]);
		} finally {
			await handle.close();
		}
	});

	it('the front desk starts kiosk mode: the tablet is signed out, the patient answers', async () => {
		const visit = await bookVisitSoon('Kiosk', 3);
		const desk = await signIn('front_desk');
		const context = await shared.newContext({ viewport: { width: 820, height: 1180 } });
		try {
			await addStaffSession(context, desk, server.url);
			const page = await context.newPage();
			const appointment = await page.goto(`${server.url}/admin/appointments/${visit.id}`);
			expect(appointment?.status()).toBe(200);
			await expectNoAxeViolations(page, 'staff appointment page');

			const kiosk = await navigate(page, () =>
				page.getByRole('button', { name: 'Start kiosk mode' }).click()
			);
			expect(kiosk.status).toBe(200);
			expect(new URL(kiosk.url).pathname).toMatch(/^\/kiosk\/[A-Za-z0-9_-]{43}$/);
			expect(kiosk.response.headers()['cache-control']).toBe('no-store');
			expect(kiosk.response.headers()['x-robots-tag']).toMatch(/noindex/);
			expect(kiosk.html).toContain('<meta name="robots" content="noindex, nofollow"');
			// No site navigation and no links out of the kiosk page.
			expect(await page.locator('a[href], nav').count()).toBe(0);
			await expectNoAxeViolations(page, 'kiosk check-in');
			// Signed out on the server as well as in this browser.
			const after = await desk.request('/admin');
			expect(after.response.status).toBe(303);
			expect(after.response.headers.get('location')).toBe('/admin/sign-in');

			await answerCheckIn(page, 4, [4, 5, 4]);
			const thanks = await navigate(page, () =>
				page.getByRole('button', { name: 'Send my answers' }).click()
			);
			expect(thanks.status).toBe(200);
			await expect(page.locator('main').innerText()).resolves.toBe(
				'Thank you — please hand the tablet back to the front desk'
			);
			await expectNoAxeViolations(page, 'kiosk thank-you');

			// The token is used up, and the workspace is closed to this browser.
			const again = await page.goto(kiosk.url);
			expect(again?.status()).toBe(200);
			await expect(page.locator('h1').textContent()).resolves.toBe(
				'Please hand the tablet back to the front desk'
			);
			const admin = await navigate(page, () => page.goto(`${server.url}/admin`));
			expect(new URL(admin.url).pathname).toBe('/admin/sign-in');
		} finally {
			await context.close();
		}
		const handle = connect({ databaseUrl: null, dataDir: server.dataDir });
		try {
			const rows = await handle.db
				.selectFrom('outcome_response')
				.select('source')
				.where('appointment_id', '=', visit.id)
				.execute();
			expect(rows).toEqual([{ source: 'kiosk' }, { source: 'kiosk' }]);
			const audit = await handle.db
				.selectFrom('audit_event')
				.select('action')
				.where('action', '=', 'outcomes.kiosk_started')
				.where('subject_id', '=', String(visit.id))
				.execute();
			expect(audit).toHaveLength(1);
		} finally {
			await handle.close();
		}
	});

	// Issue 12 changed the last part: a manage link proves nothing about who holds it, so it no
	// longer shows the record's progress charts (ADR 0029); the patient's own page, reached by
	// an emailed sign-in, is where they go.
	it('the practitioner sees the trend on the patient page; the manage link shows no progress', async () => {
		// The intake's baseline two weeks ago, as the intake stores it.
		const handle = connect({ databaseUrl: null, dataDir: server.dataDir });
		try {
			await insertOutcomeResponses(handle.db, {
				patientId: linkVisit.patientId,
				appointmentId: null,
				source: 'intake',
				at: Temporal.Now.instant().subtract({ hours: 24 * 14 }),
				responses: [
					{ scale: 'nprs', score: 9, items: { nprs: 9 } },
					{ scale: 'peg', score: 8, items: {} }
				]
			});
		} finally {
			await handle.close();
		}
		const practitioner = await signIn('practitioner');
		const context = await shared.newContext();
		try {
			await addStaffSession(context, practitioner, server.url);
			const page = await context.newPage();
			const patientPage = await page.goto(`${server.url}/admin/patients/${linkVisit.patientId}`);
			expect(patientPage?.status()).toBe(200);
			await expect(page.getByRole('heading', { name: 'Outcomes' }).count()).resolves.toBe(1);
			const chart = page.getByRole('img', { name: 'Pain right now (NPRS)' });
			await expect(chart.count()).resolves.toBe(1);
			await expect(page.locator('#trend-nprs .trend-verdict').textContent()).resolves.toMatch(
				/^Meaningful improvement since the first score\./
			);
			await expect(page.locator('#trend-nprs table caption').textContent()).resolves.toMatch(
				/^Pain right now \(NPRS\) at each visit/
			);
			await expect(page.locator('.trend-threshold-improved').count()).resolves.toBeGreaterThan(0);
			await expectNoAxeViolations(page, 'staff patient page with outcomes');

			const patient = await context.newPage();
			await patient.goto(linkVisit.manageUrl);
			await expect(patient.getByRole('heading', { name: 'Your progress' }).count()).resolves.toBe(
				0
			);
			await expect(
				patient.getByRole('img', { name: 'Pain right now (NPRS)' }).count()
			).resolves.toBe(0);
			await expect(patient.locator('.trend-chart, table caption').count()).resolves.toBe(0);
			await expectNoAxeViolations(patient, 'manage page without progress');
		} finally {
			await context.close();
		}
		// The front desk sees nothing of the outcomes.
		const desk = await signIn('front_desk');
		const deskView = await desk.request(`/admin/patients/${linkVisit.patientId}`);
		expect(deskView.response.status).toBe(200);
		expect(deskView.html).not.toContain('id="outcomes-title"');
		expect(deskView.html).not.toContain('trend-chart');
	});
});
