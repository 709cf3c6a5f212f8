// The staff workspace as each role and a signed-out visitor meet it: the demo accounts sign in
// with a second factor, the front desk runs the day from the calendar, every admin page passes
// axe and the HTML validator, and nobody reaches a page without signing in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/lib/server/db/connection';
import { bookFollowUp } from '../support/api-follow-up';
import { expectNoAxeViolations } from '../support/axe';
import { launchBrowser, type LaunchedBrowser } from '../support/browser';
import { FormClient } from '../support/form-client';
import { startServer, type RunningServer } from '../support/server';
import { staffSignIn } from '../support/staff-sign-in';
import { validatePages } from '../support/vnu';

let server: RunningServer;
let browser: LaunchedBrowser;

let signIn: ReturnType<typeof staffSignIn>;

/** Books an appointment through the API so that the calendar has something to show. */
async function bookOne(): Promise<{ id: number; date: string; patientId: number }> {
	const body = await bookFollowUp(server.url, {
		patient: { name: 'Wen Caller', email: 'wen@example.com', phone: '(414) 555-0177' },
		note: 'Left knee pain',
		idempotencyKey: `ws-${Date.now()}`
	});
	// The patient's number, as the staff appointment page links to it.
	const handle = connect({ databaseUrl: null, dataDir: server.dataDir });
	try {
		const row = await handle.db
			.selectFrom('appointment')
			.select('patient_id')
			.where('id', '=', body.id)
			.executeTakeFirstOrThrow();
		return { id: body.id, date: body.start.slice(0, 10), patientId: row.patient_id };
	} finally {
		await handle.close();
	}
}

beforeAll(async () => {
	server = await startServer();
	signIn = staffSignIn(server.url);
	browser = await launchBrowser({
		javaScriptEnabled: true,
		viewport: { width: 1280, height: 800 }
	});
}, 60_000);
afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

describe('the staff workspace', () => {
	it('turns away a signed-out visitor from every staff page and action', async () => {
		const client = new FormClient(server.url);
		for (const path of ['/admin', '/admin/calendar', '/admin/appointments/1', '/admin/enrol']) {
			const answer = await client.request(path);
			expect(answer.response.status, path).toBe(303);
			expect(answer.response.headers.get('location'), path).toBe('/admin/sign-in');
		}
		const post = await client.request('/admin/appointments/1?/change', {
			action: 'cancel',
			reason: 'x y z'
		});
		expect(post.response.status).toBe(303);
		expect(post.response.headers.get('location')).toBe('/admin/sign-in');
	});

	it('lets the front desk see the day and record an arrival, without the clinical note', async () => {
		const booked = await bookOne();
		const desk = await signIn('front_desk');
		const calendar = await desk.request(`/admin/calendar?date=${booked.date}`);
		expect(calendar.response.status).toBe(200);
		expect(calendar.html).toContain('Wen Caller');
		const appointment = await desk.request(`/admin/appointments/${booked.id}`);
		expect(appointment.html).toContain('wen@example.com');
		expect(appointment.html).not.toContain('Left knee pain');
		const arrived = await desk.request(`/admin/appointments/${booked.id}?/change`, {
			action: 'arrived'
		});
		expect(arrived.response.status).toBe(303);
		const after = await desk.request(`/admin/appointments/${booked.id}?done=arrived`);
		expect(after.html).toContain('Arrived');

		const practitioner = await signIn('practitioner');
		const clinical = await practitioner.request(`/admin/appointments/${booked.id}`);
		expect(clinical.html).toContain('Left knee pain');

		// The audit log, staff accounts and time off are the owner's alone.
		for (const path of ['/admin/audit', '/admin/staff', '/admin/time-off']) {
			expect((await desk.request(path)).response.status, path).toBe(403);
			expect((await practitioner.request(path)).response.status, path).toBe(403);
		}
	});

	it('lets the front desk book a caller, once however often the form is sent', async () => {
		const desk = await signIn('front_desk');
		const firstLink = (html: string, pattern: RegExp) =>
			pattern.exec(html)?.[1]?.replaceAll('&amp;', '&') ?? '';
		let page = await desk.request('/admin/book?service=follow-up-acupuncture&practitioner=any');
		let dayHref = firstLink(page.html, /<a class="day" href="([^"]+)"/);
		if (!dayHref) {
			const next = firstLink(page.html, /<a href="([^"]+)">Next month<\/a>/);
			page = await desk.request(next);
			dayHref = firstLink(page.html, /<a class="day" href="([^"]+)"/);
		}
		expect(dayHref).toMatch(/^\/admin\/book\?/);
		page = await desk.request(dayHref);
		const timeHref = firstLink(page.html, /<a class="button secondary slot" href="([^"]+)"/);
		expect(timeHref).toContain('start=');
		page = await desk.request(timeHref);
		expect(page.html).toContain('The caller');
		const hidden = Object.fromEntries(
			[...page.html.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)"/g)].map((match) => [
				match[1] ?? '',
				(match[2] ?? '').replaceAll('&amp;', '&')
			])
		);
		const fields = {
			...hidden,
			name: 'Ola Caller',
			email: 'ola@example.com',
			phone: '(414) 555-0166',
			newPatient: 'no',
			note: ''
		};
		const action = `${new URL(timeHref, server.url).pathname}?/book`;
		const first = await desk.request(action, fields);
		const again = await desk.request(action, fields);
		expect(first.response.status).toBe(303);
		const location = first.response.headers.get('location') ?? '';
		expect(location).toMatch(/^\/admin\/appointments\/\d+\?done=booked$/);
		expect(again.response.headers.get('location')).toBe(location);
		const booked = await desk.request(location);
		expect(booked.html).toContain('Ola Caller');
	});

	it('warns two minutes before the idle sign-out, with a way to stay', async () => {
		const owner = await signIn('owner');
		const url = new URL(server.url);
		const context = await browser.context.browser()?.newContext();
		const page = context ? await context.newPage() : await browser.context.newPage();
		try {
			await page
				.context()
				.addCookies(
					[...owner.jar].map(([name, value]) => ({ name, value, domain: url.hostname, path: '/' }))
				);
			await page.clock.install();
			await page.goto(`${server.url}/admin`);
			const warning = page.locator('#idle-warning');
			expect(await warning.isVisible()).toBe(false);
			const deadline = () =>
				page
					.locator('meta[name="idle-sign-out"]')
					.getAttribute('content')
					.then((text) => Date.parse(text ?? ''));
			const before = await deadline();
			await page.clock.fastForward('28:30');
			await page.clock.runFor(10_000);
			expect(await warning.isVisible()).toBe(true);
			const focused = await page.evaluate(() => document.activeElement?.textContent?.trim());
			expect(focused).toBe('Stay signed in');
			// Staying asks the server again; it slides the session on when the last refresh is over
			// a minute old (covered in the sign-in integration tests), so here it must not shrink.
			await page.locator('#idle-warning button').click();
			await page.waitForURL(`${server.url}/admin`);
			expect(await deadline()).toBeGreaterThanOrEqual(before);
		} finally {
			await page.close();
			await context?.close();
		}
	});

	it('passes axe (WCAG 2.2 AA) and the HTML validator on every staff page', async () => {
		const booked = await bookOne();
		const owner = await signIn('owner');
		const url = new URL(server.url);
		await browser.context.addCookies(
			[...owner.jar].map(([name, value]) => ({ name, value, domain: url.hostname, path: '/' }))
		);
		const page = await browser.context.newPage();
		const html = new Map<string, string>();
		for (const path of [
			'/admin',
			`/admin/calendar?date=${booked.date}`,
			`/admin/calendar/week?date=${booked.date}`,
			`/admin/calendar?date=${booked.date}&columns=room`,
			`/admin/appointments/${booked.id}`,
			`/admin/appointments/${booked.id}/move`,
			'/admin/book',
			'/admin/patients?q=Wen',
			`/admin/patients/${booked.patientId}`,
			'/admin/staff',
			'/admin/hours',
			'/admin/time-off',
			'/admin/settings',
			'/admin/emergency-access',
			'/admin/audit'
		]) {
			const response = await page.goto(`${server.url}${path}`);
			expect(response?.status(), path).toBe(200);
			html.set(path, await page.content());
			await expectNoAxeViolations(page, path);
			// The only script is the small idle sign-out warning, from our own origin.
			const scripts = await page
				.locator('script:not([type="application/ld+json"])')
				.evaluateAll((elements) => elements.map((element) => element.getAttribute('src')));
			expect(scripts, path).toEqual(['/admin-idle.js']);
		}
		await page.close();
		for (const [path, found] of await validatePages(html)) expect(found, path).toEqual([]);
	});
});
