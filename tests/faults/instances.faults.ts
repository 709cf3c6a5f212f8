// More than one instance: two app processes on one PostgreSQL database behind a load balancer
// serve one clinic. They start together on an empty database; booking guarantees hold across
// them (100 requests for one slot, split over both); both outbox workers run and no email is
// sent twice; a staff session made on one works on the other; rate limits count across both.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoStaff } from '../../src/lib/server/auth/onboarding';
import { totpFromUri } from '../../src/lib/server/auth/totp.test-support';
import { connect, type DatabaseHandle } from '../../src/lib/server/db/connection';
import {
	bookingRequest,
	checkBookingInvariants,
	createAppDatabase,
	faultsPostgres,
	plannedSlots,
	postBooking,
	sleep,
	type AppDatabase,
	type PlannedSlot
} from '../support/faults';
import { FormClient } from '../support/form-client';
import {
	clientHeader,
	pinHeader,
	startLoadBalancer,
	type LoadBalancer
} from '../support/load-balancer';
import { startServer, type RunningServer } from '../support/server';
import { startSmtpCapture, type SmtpCapture } from '../support/smtp';

const postgres = await faultsPostgres();
const rateLimit = 3;

describe.skipIf(!('adminUrl' in postgres))('two instances on one PostgreSQL database', () => {
	let database: AppDatabase;
	let balancer: LoadBalancer;
	let smtp: SmtpCapture;
	let handle: DatabaseHandle;
	let instances: RunningServer[] = [];
	let startup: PromiseSettledResult<RunningServer>[] = [];
	let slots: PlannedSlot[] = [];
	let nextSlot = 0;
	const takeSlots = (count: number) => {
		const taken = slots.slice(nextSlot, nextSlot + count);
		nextSlot += count;
		if (taken.length < count) throw new Error('not enough planned slots');
		return taken;
	};
	const env = () => ({
		DATABASE_URL: database.url,
		ORIGIN: balancer.url,
		// Shared by every instance, so that each can read the others' session cookies.
		AUTH_SECRET: `instances-test-secret-${'y'.repeat(32)}`,
		SMTP_URL: smtp.url,
		BOOKING_RATE_LIMIT: `${rateLimit}/600`,
		// Behind a proxy the client's address comes from X-Forwarded-For (last hop).
		ADDRESS_HEADER: 'x-forwarded-for',
		XFF_DEPTH: '1'
	});

	beforeAll(async () => {
		if (!('adminUrl' in postgres)) return;
		database = await createAppDatabase(postgres.adminUrl, 'instances');
		balancer = await startLoadBalancer();
		smtp = await startSmtpCapture();
		// Both at the same moment, on an empty database: migrations and the demo seed race.
		startup = await Promise.allSettled([
			startServer({ env: env(), timeoutMs: 90_000 }),
			startServer({ env: env(), timeoutMs: 90_000 })
		]);
		for (const result of startup) {
			// So that the other tests still run when the simultaneous start failed.
			instances.push(
				result.status === 'fulfilled'
					? result.value
					: await startServer({ env: env(), timeoutMs: 90_000 })
			);
		}
		balancer.setBackends(instances.map((instance) => instance.url));
		handle = connect({ databaseUrl: database.url, dataDir: '' });
		slots = await plannedSlots(balancer.url, 200);
	});
	afterAll(async () => {
		await Promise.all(instances.map((instance) => instance.stop()));
		instances = [];
		await handle?.close();
		await balancer?.close();
		await smtp?.stop();
		await database?.drop();
	});

	it('both start at the same moment on an empty database, and seed it once', async () => {
		const failures = startup
			.filter((result) => result.status === 'rejected')
			.map((result) => String((result as PromiseRejectedResult).reason).slice(0, 600));
		expect(failures).toEqual([]);
		const clinics = await handle.db.selectFrom('clinic').select('id').execute();
		const staff = await handle.db.selectFrom('staff_user').select('email').execute();
		expect(clinics).toHaveLength(1);
		expect(staff.map((row) => row.email).sort()).toEqual(
			demoStaff.map((account) => account.email).sort()
		);
	});

	it('books one slot wanted by 100 patients across both instances exactly once', async () => {
		const [slot] = takeSlots(1);
		const requests = Array.from({ length: 100 }, (_, n) => ({
			n,
			request: bookingRequest(slot!, 'race', n)
		}));
		const started = Date.now();
		const answers = await Promise.all(
			requests.map(({ n, request }) =>
				postBooking(balancer.url, request, {
					[pinHeader]: String(n % 2),
					[clientHeader]: `10.1.${Math.floor(n / 200)}.${n % 200}`
				})
			)
		);
		const ms = Date.now() - started;
		const counts = new Map<number, number>();
		for (const answer of answers) counts.set(answer.status, (counts.get(answer.status) ?? 0) + 1);
		const rows = await handle.db
			.selectFrom('appointment')
			.innerJoin('patient', 'patient.id', 'appointment.patient_id')
			.select('appointment.id')
			.where('patient.email', 'like', 'faults-race-%')
			.where('appointment.status', '<>', 'cancelled')
			.execute();
		const winner = answers.findIndex((answer) => answer.status === 201);
		console.log(
			`[faults] instances-race ${JSON.stringify({ requests: 100, answers: Object.fromEntries(counts), ms, winnerInstance: winner % 2 })}`
		);
		expect(Object.fromEntries(counts)).toEqual({ 201: 1, 409: 99 });
		expect(rows).toHaveLength(1);
		const report = await checkBookingInvariants(
			handle,
			'race',
			new Map([
				[`faults-race-${winner}@example.com`, { id: answers[winner]!.id!, start: slot!.start }]
			])
		);
		expect(report.problems).toEqual([]);
	});

	it('runs both outbox workers and sends every email exactly once', async () => {
		const count = 40;
		const before = smtp.messages.length;
		const requests = takeSlots(count).map((slot, n) => bookingRequest(slot, 'mail', n));
		const answers: (number | string)[] = [];
		const pendingDue = async () =>
			(
				await handle.db
					.selectFrom('outbox_message')
					.select('id')
					.where('status', '=', 'pending')
					.where('due_at', '<=', new Date().toISOString())
					.execute()
			).length;
		const book = async (from: number, to: number) => {
			for (let n = from; n < to; n += 4) {
				const results = await Promise.all(
					requests.slice(n, Math.min(n + 4, to)).map((request, index) =>
						postBooking(balancer.url, request, {
							[pinHeader]: String((n + index) % 2),
							[clientHeader]: `10.2.0.${n + index}`
						})
					)
				);
				answers.push(
					...results.map((result) =>
						result.status === 201 ? 201 : `${result.status} ${result.error ?? ''}`
					)
				);
			}
		};
		// Half while the mail server is up: each instance's worker is woken by its own bookings
		// and races the other for what is due.
		await book(0, count / 2);
		// Sent before the mail server goes (stopping it in the middle of a message could cut the
		// server's "250 OK" off, and that message would rightly be sent again: ADR 0010).
		const phaseOne = Date.now() + 60_000;
		while ((await pendingDue()) > 0 && Date.now() < phaseOne) await sleep(200);
		// Half while it is away, so that both workers find a backlog when it returns.
		await smtp.stop();
		await book(count / 2, count);
		expect(answers).toEqual(requests.map(() => 201));
		await sleep(3_000);
		await smtp.restart();
		const restored = Date.now();

		const dueRows = async () =>
			handle.db
				.selectFrom('outbox_message')
				.select(['id', 'kind', 'status'])
				.where('due_at', '<=', new Date().toISOString())
				.execute();
		let rows = await dueRows();
		const deadline = Date.now() + 120_000;
		while (Date.now() < deadline) {
			rows = await dueRows();
			if (rows.every((row) => row.status !== 'pending') && smtp.messages.length >= rows.length) {
				break;
			}
			await sleep(250);
		}
		const recoveryMs = Date.now() - restored;
		// Several more worker rounds on both instances: nothing may go out again.
		await sleep(6_000);
		rows = await dueRows();
		const ids = smtp.messages.map((message) => /^message-id:\s*(<[^>]+>)/im.exec(message.raw)?.[1]);
		const seen = new Map<string, number>();
		for (const id of ids) seen.set(String(id), (seen.get(String(id)) ?? 0) + 1);
		const duplicates = [...seen].filter(([, times]) => times > 1);
		const sentRows = rows.filter((row) => row.status === 'sent');
		const sentPerInstance = instances.map((instance) =>
			instance
				.output()
				.split('\n')
				.filter((line) => line.includes('"msg":"outbox round"'))
				.reduce((sum, line) => sum + ((JSON.parse(line) as { sent?: number }).sent ?? 0), 0)
		);
		console.log(
			`[faults] instances-outbox ${JSON.stringify({
				bookings: count,
				emailsDue: rows.length,
				received: ids.length - before,
				distinctMessageIds: seen.size,
				duplicates: duplicates.length,
				sentPerInstance,
				recoveryMs
			})}`
		);
		expect(duplicates).toEqual([]);
		expect(rows.filter((row) => row.status !== 'sent')).toEqual([]);
		expect(new Set(ids)).toEqual(
			new Set(sentRows.map((row) => `<outbox-${row.id}.${row.kind}@127.0.0.1>`))
		);
		expect(sentPerInstance.reduce((sum, sent) => sum + sent, 0)).toBe(sentRows.length);
		expect(sentPerInstance.every((sent) => sent > 0)).toBe(true);
	});

	it('keeps a staff session made on one instance on the other, and ends it on both', async () => {
		const owner = demoStaff.find((account) => account.role === 'owner')!;
		const client = new FormClient(balancer.url);
		const pinTo = (index: number) => client.jar.set(pinHeader, String(index));
		pinTo(0);
		const signIn = await client.request('/admin/sign-in', {
			email: owner.email,
			password: owner.password
		});
		const uri = /href="(otpauth:[^"]+)"/.exec(signIn.html)?.[1]?.replaceAll('&amp;', '&');
		expect(uri, `sign-in answered ${signIn.response.status}`).toBeTruthy();
		const enrolled = await client.request('/admin/enrol?/confirm', { code: totpFromUri(uri!) });
		expect(enrolled.response.status).toBe(200);
		const onFirst = await client.request('/admin');
		pinTo(1);
		const onSecond = await client.request('/admin');
		expect(onFirst.response.status).toBe(200);
		expect(onSecond.response.status).toBe(200);
		expect(onSecond.html).toContain(owner.name);

		const signedOut = await client.request('/admin?/signOut', {});
		expect(signedOut.response.status).toBe(303);
		pinTo(0);
		const afterSignOut = await client.request('/admin');
		expect(afterSignOut.response.status).toBe(303);
		expect(afterSignOut.response.headers.get('location')).toContain('/admin/sign-in');
	});

	it('counts the booking rate limit across both instances', async () => {
		const requests = takeSlots(rateLimit + 3).map((slot, n) => bookingRequest(slot, 'limit', n));
		const statuses: number[] = [];
		for (const [n, request] of requests.entries()) {
			const answer = await postBooking(balancer.url, request, {
				[pinHeader]: String(n % 2),
				[clientHeader]: '203.0.113.77'
			});
			statuses.push(answer.status);
		}
		// Another address is not affected.
		const other = await postBooking(balancer.url, bookingRequest(takeSlots(1)[0]!, 'limit', 99), {
			[pinHeader]: '1',
			[clientHeader]: '203.0.113.78'
		});
		console.log(
			`[faults] instances-rate-limit ${JSON.stringify({ statuses, other: other.status })}`
		);
		expect(statuses).toEqual([
			...Array.from({ length: rateLimit }, () => 201),
			...Array.from({ length: 3 }, () => 429)
		]);
		expect(other.status).toBe(201);
	});
});
