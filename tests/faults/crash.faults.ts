// Crash: under a steady stream of bookings the server is killed with SIGKILL at random
// (seeded) moments and started again on the same data, five times per database. Afterwards
// every booking that was answered 201 exists with its confirmation queued or sent, nothing is
// half-written, and retrying each request that got no answer (same Idempotency-Key) books it
// at most once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connect, type DialectName } from '../../src/lib/server/db/connection';
import {
	bookingRequest,
	checkBookingInvariants,
	createAppDatabase,
	faultsPostgres,
	faultsSeed,
	plannedSlots,
	postBooking,
	seededRandom,
	sleep,
	type AppDatabase,
	type BookingRequest
} from '../support/faults';
import { startServer, type RunningServer } from '../support/server';

const postgres = await faultsPostgres();
const dialects: DialectName[] = 'adminUrl' in postgres ? ['sqlite', 'postgres'] : ['sqlite'];
const kills = 5;
const clients = 4;

interface Attempt {
	request: BookingRequest;
	/** The first answer: a status, or 0 when the connection failed (no answer). */
	status: number;
	id: number | null;
	error: string | null;
	retry?: { status: number; id: number | null; replayed: boolean; error: string | null };
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
	for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
});

describe.each(dialects)('SIGKILL under a stream of bookings on %s', (dialect) => {
	it(`keeps every answered booking and nothing half-written through ${kills} kills`, async () => {
		const seed = faultsSeed() + (dialect === 'postgres' ? 1 : 0);
		const random = seededRandom(seed);
		const run = `crash${dialect === 'sqlite' ? 's' : 'p'}${Date.now().toString(36)}`;
		const dataDir = mkdtempSync(join(tmpdir(), 'clinic-faults-crash-'));
		cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
		let database: AppDatabase | null = null;
		if (dialect === 'postgres' && 'adminUrl' in postgres) {
			database = await createAppDatabase(postgres.adminUrl, 'crash');
			cleanups.push(() => database!.drop());
		}
		const env = {
			DATABASE_URL: database?.url,
			BOOKING_RATE_LIMIT: '100000/60',
			SMTP_URL: undefined,
			CLINIC_DEMO: 'on'
		};
		let server: RunningServer = await startServer({ dataDir, env });
		cleanups.push(() => server.stop());
		const slots = await plannedSlots(server.url, 400);
		// Enough for 5 kills after at most 40 requests each, 20 more, and the cut ones.
		expect(slots.length).toBeGreaterThan(250);

		// The stream: `clients` loops, each posting the next slot as soon as its last answer came.
		const attempts: Attempt[] = [];
		let serverUp: Promise<void> = Promise.resolve();
		let stopping = false;
		let next = 0;
		const started = Date.now();
		const stream = Array.from({ length: clients }, async () => {
			while (!stopping && next < slots.length) {
				await serverUp;
				const n = next++;
				const request = bookingRequest(slots[n]!, run, n);
				const answer = await postBooking(server.url, request, {}, 20_000);
				attempts.push({ request, status: answer.status, id: answer.id, error: answer.error });
			}
		});

		// Each kill comes after a random number of requests of the stream (10 to 40), plus up to
		// 100 ms: a random moment while bookings are in flight, on a slow machine or a fast one.
		const afterRequests = async (count: number) => {
			const target = next + count;
			const deadline = Date.now() + 60_000;
			while (next < target && next < slots.length && Date.now() < deadline) await sleep(5);
		};
		const restarts: number[] = [];
		for (let kill = 1; kill <= kills; kill++) {
			await afterRequests(10 + Math.floor(random() * 31));
			await sleep(Math.floor(random() * 100));
			let markUp = () => {};
			serverUp = new Promise((done) => (markUp = done));
			await server.kill('SIGKILL');
			expect(server.exitStatus()?.signal).toBe('SIGKILL');
			const restarting = Date.now();
			server = await startServer({ dataDir, env, timeoutMs: 60_000 });
			cleanups.push(() => server.stop());
			restarts.push(Date.now() - restarting);
			markUp();
		}
		await afterRequests(20);
		stopping = true;
		await Promise.all(stream);
		const streamSeconds = (Date.now() - started) / 1000;

		// Each request that got no answer, again with the same key and body.
		const unanswered = attempts.filter((attempt) => attempt.status === 0);
		for (const attempt of unanswered) {
			attempt.retry = await postBooking(server.url, attempt.request);
		}

		const booked = new Map<string, { id: number; start: string }>();
		for (const attempt of attempts) {
			const final = attempt.status === 0 ? attempt.retry : attempt;
			if (final?.status === 201 && final.id !== null) {
				booked.set(attempt.request.email, { id: final.id, start: attempt.request.body.start });
			}
		}
		const count = (status: number) => attempts.filter((attempt) => attempt.status === status);
		const retried = unanswered.map((attempt) => attempt.retry!);
		const summary = {
			dialect,
			seed,
			kills,
			plannedSlots: slots.length,
			requests: attempts.length,
			answered201: count(201).length,
			answered409: count(409).length,
			noAnswer: unanswered.length,
			otherAnswers: attempts
				.filter((attempt) => ![0, 201, 409].includes(attempt.status))
				.map((attempt) => `${attempt.status} ${attempt.error ?? ''}`),
			retries: retried.length,
			retriesReplayed: retried.filter((answer) => answer.status === 201 && answer.replayed).length,
			retriesBookedNow: retried.filter((answer) => answer.status === 201 && !answer.replayed)
				.length,
			retriesOther: retried
				.filter((answer) => answer.status !== 201)
				.map((answer) => `${answer.status} ${answer.error ?? ''}`),
			streamSeconds: Number(streamSeconds.toFixed(1)),
			restartMs: restarts
		};
		await server.stop();

		const handle = connect({ databaseUrl: database?.url ?? null, dataDir });
		let report;
		try {
			report = await checkBookingInvariants(handle, run, booked);
		} finally {
			await handle.close();
		}
		console.log(
			`[faults] crash ${JSON.stringify({ ...summary, appointments: report.appointments, confirmationsPending: report.outboxPending, confirmationsSent: report.outboxSent })}`
		);
		expect(report.problems).toEqual([]);
		// Nothing but bookings, refusals of a taken time, and cut connections.
		expect(summary.otherAnswers).toEqual([]);
		expect(summary.retriesOther).toEqual([]);
		expect(report.appointments).toBe(booked.size);
		expect(summary.answered201).toBeGreaterThan(20);
		expect(summary.noAnswer).toBeGreaterThan(0);
	});
});
