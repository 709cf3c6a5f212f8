// Graceful restart under load: two instances on one PostgreSQL database behind a load
// balancer; while pages and bookings keep coming, each instance in turn gets SIGTERM and a
// replacement starts. No request may fail. Then, on one SQLite instance: SIGTERM while
// bookings are in flight lets each of them finish and keeps them.
import { connect as connectSocket, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/lib/server/db/connection';
import {
	bookingRequest,
	checkBookingInvariants,
	createAppDatabase,
	faultsPostgres,
	plannedSlots,
	postBooking,
	sleep,
	type AppDatabase,
	type BookingRequest
} from '../support/faults';
import { startLoadBalancer, type LoadBalancer } from '../support/load-balancer';
import { startServer } from '../support/server';

const postgres = await faultsPostgres();
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
	for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
});

interface Outcome {
	what: string;
	status: number;
	ms: number;
	error: string | null;
}

describe.skipIf(!('adminUrl' in postgres))('rolling restart of two instances (PostgreSQL)', () => {
	it('answers every request while each instance in turn is stopped and replaced', async () => {
		if (!('adminUrl' in postgres)) return;
		const database: AppDatabase = await createAppDatabase(postgres.adminUrl, 'rolling');
		cleanups.push(() => database.drop());
		const balancer: LoadBalancer = await startLoadBalancer();
		cleanups.push(() => balancer.close());
		const env = {
			DATABASE_URL: database.url,
			ORIGIN: balancer.url,
			AUTH_SECRET: `rolling-restart-secret-${'x'.repeat(32)}`,
			BOOKING_RATE_LIMIT: '100000/60',
			SMTP_URL: undefined,
			// Each instance drains for at most this long; the requests here take milliseconds.
			SHUTDOWN_TIMEOUT: '30'
		};
		const start = async () => {
			const server = await startServer({ env, timeoutMs: 60_000 });
			cleanups.push(() => server.stop());
			return server;
		};
		const first = await start();
		const second = await start();
		balancer.setBackends([first.url, second.url]);
		const slots = await plannedSlots(balancer.url, 300);
		expect(slots.length).toBeGreaterThan(100);

		const outcomes: Outcome[] = [];
		const booked = new Map<string, { id: number; start: string }>();
		const requests: BookingRequest[] = [];
		let stopping = false;
		let nextSlot = 0;
		const pages = ['/', '/services', '/api/v1/services', '/healthz', '/book'];
		const reader = async (offset: number) => {
			for (let n = offset; !stopping; n++) {
				const path = pages[n % pages.length]!;
				const started = Date.now();
				try {
					const response = await fetch(`${balancer.url}${path}`, {
						signal: AbortSignal.timeout(30_000)
					});
					await response.arrayBuffer();
					outcomes.push({
						what: `GET ${path}`,
						status: response.status,
						ms: Date.now() - started,
						error: null
					});
				} catch (error) {
					outcomes.push({
						what: `GET ${path}`,
						status: 0,
						ms: Date.now() - started,
						error: String((error as Error).cause ?? error)
					});
				}
				await sleep(20);
			}
		};
		const booker = async () => {
			while (!stopping && nextSlot < slots.length) {
				const n = nextSlot++;
				const request = bookingRequest(slots[n]!, 'rolling', n);
				requests.push(request);
				const started = Date.now();
				const answer = await postBooking(balancer.url, request);
				outcomes.push({
					what: 'POST /api/v1/bookings',
					status: answer.status,
					ms: Date.now() - started,
					error: answer.error
				});
				if (answer.status === 201 && answer.id !== null) {
					booked.set(request.email, { id: answer.id, start: request.body.start });
				}
				await sleep(50);
			}
		};
		const load = [reader(0), reader(2), booker(), booker()];

		// first+second -> (SIGTERM first, start third) -> second+third -> (SIGTERM second,
		// start fourth) -> third+fourth.
		await sleep(2_000);
		const drains: number[] = [];
		const third = start();
		let stopped = Date.now();
		await first.stop();
		drains.push(Date.now() - stopped);
		balancer.setBackends([second.url, (await third).url]);
		await sleep(2_000);
		const fourth = start();
		stopped = Date.now();
		await second.stop();
		drains.push(Date.now() - stopped);
		balancer.setBackends([(await third).url, (await fourth).url]);
		await sleep(2_000);
		stopping = true;
		await Promise.all(load);

		const failed = outcomes.filter((outcome) =>
			outcome.what.startsWith('GET')
				? outcome.status !== 200
				: outcome.status !== 201 && outcome.status !== 409
		);
		const handle = connect({ databaseUrl: database.url, dataDir: '' });
		let report;
		try {
			report = await checkBookingInvariants(handle, 'rolling', booked);
		} finally {
			await handle.close();
		}
		console.log(
			`[faults] rolling-restart ${JSON.stringify({
				requests: outcomes.length,
				gets: outcomes.filter((outcome) => outcome.what.startsWith('GET')).length,
				bookings: requests.length,
				booked: booked.size,
				failed: failed.length,
				balancerRetries: balancer.stats.retries,
				badGateway: balancer.stats.badGateway,
				drainMs: drains,
				slowestMs: Math.max(...outcomes.map((outcome) => outcome.ms)),
				exits: [first.exitStatus(), second.exitStatus()]
			})}`
		);
		expect(failed).toEqual([]);
		expect(balancer.stats.badGateway).toBe(0);
		// Both stopped by themselves after draining, not killed after the 10 s grace.
		expect(first.exitStatus()).toEqual({ code: 0, signal: null });
		expect(second.exitStatus()).toEqual({ code: 0, signal: null });
		expect(report.problems).toEqual([]);
		expect(booked.size).toBeGreaterThan(10);
	});
});

describe('SIGTERM with bookings in flight (SQLite)', () => {
	it('finishes and keeps every booking whose request had arrived', async () => {
		const dataDir = mkdtempSync(join(tmpdir(), 'clinic-faults-drain-'));
		cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
		const env = { BOOKING_RATE_LIMIT: '100000/60', DATABASE_URL: undefined, SMTP_URL: undefined };
		const server = await startServer({ dataDir, env });
		cleanups.push(() => server.stop());
		const requests = (await plannedSlots(server.url, 10)).map((slot, n) =>
			bookingRequest(slot, 'drain', n)
		);
		expect(requests).toHaveLength(10);

		// Ten bookings, each sent but for its last bytes, so all are in flight for certain.
		const sockets: { socket: Socket; answer: Promise<string>; rest: string }[] = [];
		for (const request of requests) {
			const body = JSON.stringify(request.body);
			const socket = connectSocket(server.port, '127.0.0.1');
			await new Promise<void>((done) => socket.once('connect', () => done()));
			let text = '';
			socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
			const answer = new Promise<string>((done) => {
				socket.once('close', () => done(text));
				socket.once('error', () => done(text));
			});
			socket.write(
				[
					'POST /api/v1/bookings HTTP/1.1',
					`Host: 127.0.0.1:${server.port}`,
					'Content-Type: application/json',
					`Idempotency-Key: ${request.key}`,
					`Content-Length: ${Buffer.byteLength(body)}`,
					'Connection: close',
					'',
					body.slice(0, 10)
				].join('\r\n')
			);
			sockets.push({ socket, answer, rest: body.slice(10) });
		}
		await sleep(1_000);
		const stopping = server.stop();
		await sleep(500);
		// While draining: no new connections, and the ten still being answered.
		const refused = await new Promise<boolean>((done) => {
			const probe = connectSocket(server.port, '127.0.0.1');
			probe.once('connect', () => {
				probe.destroy();
				done(false);
			});
			probe.once('error', () => done(true));
		});
		for (const entry of sockets) entry.socket.write(entry.rest);
		const answers = await Promise.all(sockets.map((entry) => entry.answer));
		await stopping;
		const statuses = answers.map((text) => Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0));
		const booked = new Map<string, { id: number; start: string }>();
		for (const [n, text] of answers.entries()) {
			// The JSON body (whether sent with a length or in chunks).
			const json = /\{.*\}/s.exec(text.slice(text.indexOf('\r\n\r\n')))?.[0] ?? '{}';
			const id = (JSON.parse(json) as { id?: number }).id;
			const request = requests[n]!;
			if (statuses[n] === 201 && id !== undefined) {
				booked.set(request.email, { id, start: request.body.start });
			}
		}
		const handle = connect({ databaseUrl: null, dataDir });
		let report;
		try {
			report = await checkBookingInvariants(handle, 'drain', booked);
		} finally {
			await handle.close();
		}
		console.log(
			`[faults] sigterm-in-flight ${JSON.stringify({
				inFlight: requests.length,
				statuses,
				newConnectionRefused: refused,
				exit: server.exitStatus(),
				stored: report.appointments
			})}`
		);
		expect(refused).toBe(true);
		expect(statuses).toEqual(requests.map(() => 201));
		expect(server.exitStatus()).toEqual({ code: 0, signal: null });
		expect(report.problems).toEqual([]);
		expect(report.appointments).toBe(requests.length);
	});
});
