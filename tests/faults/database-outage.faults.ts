// Database unavailable: the application reaches PostgreSQL through a TCP proxy that the test
// cuts for a few seconds (new connections refused, open ones dropped), as when PostgreSQL is
// stopped for a moment. Meanwhile every kind of request fails fast with a 503 (the friendly
// page with the clinic's phone number, JSON from the API, 503 from /healthz); afterwards the
// application recovers by itself, without a restart, sessions included.
import { afterAll, describe, expect, it } from 'vitest';
import type { FormClient } from '../support/form-client';
import {
	bookingRequest,
	createAppDatabase,
	faultsPostgres,
	plannedSlots,
	postBooking,
	sleep,
	type AppDatabase
} from '../support/faults';
import { startServer, type RunningServer } from '../support/server';
import { staffSignIn } from '../support/staff-sign-in';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';

const postgres = await faultsPostgres();
const cutMs = 6_000;
/** "Fail fast": far above what we see (milliseconds), far below a hanging request. */
const fastMs = 5_000;

let database: AppDatabase | undefined;
let proxy: TcpProxy | undefined;
let server: RunningServer | undefined;
afterAll(async () => {
	await server?.stop();
	await proxy?.close();
	await database?.drop();
});

interface Probe {
	what: string;
	status: number;
	ms: number;
	body: string;
	contentType: string;
}

async function probe(
	what: string,
	url: string,
	init: RequestInit = {},
	staff?: FormClient
): Promise<Probe> {
	const started = Date.now();
	const headers = new Headers(init.headers);
	if (staff) {
		headers.set('cookie', [...staff.jar].map(([name, value]) => `${name}=${value}`).join('; '));
		headers.set('accept', 'text/html');
	}
	try {
		const response = await fetch(url, {
			...init,
			headers,
			redirect: 'manual',
			signal: AbortSignal.timeout(30_000)
		});
		const body = await response.text();
		return {
			what,
			status: response.status,
			ms: Date.now() - started,
			body,
			contentType: response.headers.get('content-type') ?? ''
		};
	} catch (error) {
		return { what, status: 0, ms: Date.now() - started, body: String(error), contentType: '' };
	}
}

describe.skipIf(!('adminUrl' in postgres))('PostgreSQL unavailable for a moment', () => {
	it('answers 503 fast everywhere while it is away, then recovers without a restart', async () => {
		if (!('adminUrl' in postgres)) return;
		const admin = new URL(postgres.adminUrl);
		database = await createAppDatabase(postgres.adminUrl, 'outage');
		proxy = await startTcpProxy({ host: admin.hostname, port: Number(admin.port || 5432) });
		server = await startServer({
			env: {
				DATABASE_URL: database.urlVia(proxy.port),
				BOOKING_RATE_LIMIT: '100000/60',
				SMTP_URL: undefined
			}
		});
		const base = server.url;
		const owner = await staffSignIn(base)('owner');
		const slots = await plannedSlots(base, 3);
		const checks = (round: number) => [
			probe('healthz', `${base}/healthz`),
			probe('public page', `${base}/services`, { headers: { accept: 'text/html' } }),
			probe('home page', `${base}/`, { headers: { accept: 'text/html' } }),
			probe('api services', `${base}/api/v1/services`),
			probe('api availability', `${base}/api/v1/availability?service=${slots[0]!.serviceId}`),
			probe('api booking', `${base}/api/v1/bookings`, {
				method: 'POST',
				headers: {
					'content-type': 'application/json',
					'idempotency-key': `outage-probe-${round}-${Date.now()}`
				},
				body: JSON.stringify(bookingRequest(slots[1]!, 'outage', round).body)
			}),
			probe('admin page', `${base}/admin`, {}, owner),
			probe('admin calendar', `${base}/admin/calendar`, {}, owner)
		];

		const before = await Promise.all(checks(0));
		expect(
			before.map((answer) => [answer.what, answer.status]),
			'before the outage'
		).toEqual([
			['healthz', 200],
			['public page', 200],
			['home page', 200],
			['api services', 200],
			['api availability', 200],
			['api booking', 201],
			['admin page', 200],
			['admin calendar', 200]
		]);

		// scripts/serve.js keeps shared pages for a second (ADR 0026): let those entries age, so
		// that every probe below is answered by the application itself.
		await sleep(1_500);
		await proxy.cut();
		const cutAt = Date.now();
		const during: Probe[] = [];
		for (let round = 1; Date.now() - cutAt < cutMs; round++) {
			during.push(...(await Promise.all(checks(round))));
			await sleep(250);
		}
		await proxy.restore();
		const restoredAt = Date.now();
		let healthy = 0;
		while (healthy !== 200 && Date.now() - restoredAt < 30_000) {
			healthy = (await probe('healthz', `${base}/healthz`)).status;
			if (healthy !== 200) await sleep(100);
		}
		const recoveryMs = Date.now() - restoredAt;
		const after = await Promise.all(checks(999));
		const rebook = await postBooking(base, bookingRequest(slots[2]!, 'outage', 1000));

		const slowest = Math.max(...during.map((answer) => answer.ms));
		const tally = new Map<string, number>();
		for (const answer of during) {
			const key = `${answer.what} ${answer.status}`;
			tally.set(key, (tally.get(key) ?? 0) + 1);
		}
		console.log(
			`[faults] database-outage ${JSON.stringify({
				cutSeconds: cutMs / 1000,
				requestsDuringCut: during.length,
				answers: Object.fromEntries(tally),
				max503Ms: slowest,
				recoveryMs,
				serverStillRunning: server.exitStatus() === null
			})}`
		);

		if (server.exitStatus() !== null) {
			console.log(
				`[faults] the server exited:\n${server.output().split('\n').slice(-30).join('\n')}`
			);
		}
		const wrong = during.filter((answer) => answer.status !== 503);
		expect(
			wrong.map((answer) => `${answer.what}: ${answer.status} ${answer.body.slice(0, 200)}`)
		).toEqual([]);
		expect(slowest).toBeLessThan(fastMs);
		for (const answer of during.filter((entry) => entry.what === 'public page')) {
			expect(answer.body).toContain('We will be back in a moment');
			expect(answer.body).toContain('(414) 555-0142');
		}
		for (const answer of during.filter((entry) => entry.what.startsWith('api '))) {
			expect(answer.contentType).toContain('application/json');
			expect(JSON.parse(answer.body)).toMatchObject({ error: 'unavailable' });
		}
		for (const answer of during.filter((entry) => entry.what.startsWith('admin'))) {
			expect(answer.body).toContain('We will be back in a moment');
		}

		expect(server.exitStatus()).toBeNull();
		expect(healthy).toBe(200);
		expect(after.map((answer) => [answer.what, answer.status])).toEqual([
			['healthz', 200],
			['public page', 200],
			['home page', 200],
			['api services', 200],
			['api availability', 200],
			// The probe's slot was booked before the outage: the time is taken now.
			['api booking', 409],
			['admin page', 200],
			['admin calendar', 200]
		]);
		expect(rebook.status).toBe(201);
	});
});
