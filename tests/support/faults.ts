// Shared pieces of the fault tests (tests/faults): whether PostgreSQL takes part, a database
// of its own for the application, a seeded random source, distinct bookable slots from the
// JSON API, booking requests, and the invariants a crash must never break.
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import type { DatabaseHandle } from '../../src/lib/server/db/connection';
import type { Database } from '../../src/lib/server/db/schema';
import { overlappingPairs } from './booking';
import { apiSlots, clinicToday, type ApiSlot } from './e2e-booking';

export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

const defaultPostgresUrl = 'postgres://postgres@127.0.0.1:5432/postgres';
const ci = process.env.CI === 'true' || process.env.CI === '1';

/**
 * The PostgreSQL server the fault tests may use, or why they skip it. As in
 * tests/support/databases.ts: under CI or TEST_REQUIRE_POSTGRES=1 a PostgreSQL that cannot
 * be used is an error (the file fails), never a skip.
 */
export async function faultsPostgres(): Promise<{ adminUrl: string } | { skip: string }> {
	const required = ci || process.env.TEST_REQUIRE_POSTGRES === '1';
	const skipReason = process.env.TEST_POSTGRES_SKIP;
	if (skipReason && !required) return { skip: skipReason };
	const adminUrl = process.env.TEST_POSTGRES_URL ?? defaultPostgresUrl;
	const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
	let problem: string | null = skipReason ?? null;
	if (!problem) {
		try {
			await client.connect();
			await client.query('select 1');
		} catch (error) {
			problem = (error as Error).message;
		} finally {
			await client.end().catch(() => {});
		}
	}
	if (!problem) return { adminUrl };
	if (required) {
		throw new Error(`PostgreSQL is required for the fault tests but cannot be used: ${problem}`);
	}
	console.warn(`skipping the PostgreSQL fault tests: ${problem}`);
	return { skip: problem };
}

async function adminQuery(adminUrl: string, statement: string): Promise<void> {
	const client = new pg.Client({ connectionString: adminUrl });
	await client.connect();
	try {
		await client.query(statement);
	} finally {
		await client.end();
	}
}

/** An empty PostgreSQL database for one test's application, and how to drop it. */
export interface AppDatabase {
	name: string;
	/** Its URL on the real server. */
	url: string;
	/** Its URL through another host and port (a TCP proxy). */
	urlVia(port: number): string;
	drop(): Promise<void>;
}

export async function createAppDatabase(adminUrl: string, label: string): Promise<AppDatabase> {
	const name = `clinic_faults_${label}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
	await adminQuery(adminUrl, `create database ${name}`);
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	return {
		name,
		url: url.href,
		urlVia(port) {
			const via = new URL(url.href);
			via.hostname = '127.0.0.1';
			via.port = String(port);
			return via.href;
		},
		drop: () => adminQuery(adminUrl, `drop database if exists ${name} with (force)`)
	};
}

/** A small seeded generator (mulberry32), so a failing run can be repeated exactly. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** The seed of this run: FAULTS_SEED when given, otherwise a fixed one. */
export function faultsSeed(): number {
	const given = Number(process.env.FAULTS_SEED);
	return Number.isInteger(given) && given > 0 ? given : 20270301;
}

/** A bookable time with the service it was offered for. */
export interface PlannedSlot extends ApiSlot {
	serviceId: number;
}

/**
 * Up to `wanted` open slots of follow-up acupuncture (open to returning patients), from the
 * day after tomorrow on, read through the JSON API, none overlapping another (buffers
 * included), whichever practitioner: a booking of one can then never take another's time or
 * room (the demo clinic's two treatment rooms are shared by all three practitioners, and its
 * own appointments may hold one of them).
 */
export async function plannedSlots(baseUrl: string, wanted: number): Promise<PlannedSlot[]> {
	const response = await fetch(`${baseUrl}/api/v1/services`, {
		signal: AbortSignal.timeout(10_000)
	});
	const { services } = (await response.json()) as { services: { id: number; slug: string }[] };
	const serviceId = services.find((service) => service.slug === 'follow-up-acupuncture')?.id;
	if (serviceId === undefined) throw new Error('the demo clinic has no follow-up acupuncture');
	const chosen: PlannedSlot[] = [];
	// The follow-up's buffer after the visit is 15 minutes.
	const buffer = 15 * 60_000;
	let busyUntil = -Infinity;
	let from = clinicToday().add({ days: 2 });
	for (let window = 0; window < 10 && chosen.length < wanted; window++) {
		const to = from.add({ days: 13 });
		const offered = await apiSlots(baseUrl, {
			service: serviceId,
			from: from.toString(),
			to: to.toString()
		});
		if (offered.length === 0) break;
		offered.sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
		for (const slot of offered) {
			if (Date.parse(slot.start) < busyUntil) continue;
			busyUntil = Date.parse(slot.end) + buffer;
			chosen.push({ ...slot, serviceId });
			if (chosen.length >= wanted) break;
		}
		from = to.add({ days: 1 });
	}
	return chosen;
}

/** One booking request: its key, body and patient (distinct per request). */
export interface BookingRequest {
	key: string;
	email: string;
	slot: PlannedSlot;
	body: {
		serviceId: number;
		practitionerId: number;
		start: string;
		patient: { name: string; email: string; phone: string };
		newPatient: boolean;
	};
}

const letters = (n: number) => {
	let text = '';
	let rest = n;
	do {
		text = String.fromCharCode(97 + (rest % 26)) + text;
		rest = Math.floor(rest / 26);
	} while (rest > 0);
	return text;
};

export function bookingRequest(slot: PlannedSlot, run: string, n: number): BookingRequest {
	const email = `faults-${run}-${n}@example.com`;
	return {
		key: `faults-${run}-${n}-${Math.random().toString(36).slice(2, 10)}`,
		email,
		slot,
		body: {
			serviceId: slot.serviceId,
			practitionerId: slot.practitionerId,
			start: slot.start,
			patient: { name: `Sam ${letters(n)} Fault`, email, phone: '(414) 555-0199' },
			newPatient: false
		}
	};
}

/** POSTs a booking; a network failure is an answer of status 0 with the error's text. */
export async function postBooking(
	baseUrl: string,
	request: BookingRequest,
	headers: Record<string, string> = {},
	timeoutMs = 30_000
): Promise<{ status: number; id: number | null; replayed: boolean; error: string | null }> {
	try {
		const response = await fetch(`${baseUrl}/api/v1/bookings`, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				'idempotency-key': request.key,
				...headers
			},
			body: JSON.stringify(request.body),
			signal: AbortSignal.timeout(timeoutMs)
		});
		const text = await response.text();
		let id: number | null = null;
		try {
			id = (JSON.parse(text) as { id?: number }).id ?? null;
		} catch {
			id = null;
		}
		return {
			status: response.status,
			id,
			replayed: response.headers.get('idempotent-replayed') === 'true',
			error: response.status === 201 ? null : text.slice(0, 400)
		};
	} catch (error) {
		const cause = (error as { cause?: { code?: string; message?: string } }).cause;
		return {
			status: 0,
			id: null,
			replayed: false,
			error: `${(error as Error).message} ${cause?.code ?? cause?.message ?? ''}`.trim()
		};
	}
}

/** What the invariant check found. */
export interface InvariantReport {
	problems: string[];
	/** Appointments held by this run's patients. */
	appointments: number;
	outboxPending: number;
	outboxSent: number;
}

const instantMs = (value: string | Date) =>
	value instanceof Date ? value.getTime() : Temporal.Instant.from(value).epochMilliseconds;

/**
 * Checks what a crash must never leave behind, for the patients whose email starts with
 * `faults-<run>-`: every booking answered 201 exists at its time with its confirmation in the
 * outbox (pending or sent); no patient without the appointment they were created for; at
 * most one appointment per request; no appointment without its patient; no outbox row for a
 * missing appointment; no overlapping appointments; every stored idempotent answer names an
 * existing appointment.
 */
export async function checkBookingInvariants(
	handle: DatabaseHandle,
	run: string,
	booked: ReadonlyMap<string, { id: number; start: string }>
): Promise<InvariantReport> {
	const db: Kysely<Database> = handle.db;
	const problems: string[] = [];
	const prefix = `faults-${run}-%`;
	const appointments = await db
		.selectFrom('appointment')
		.innerJoin('patient', 'patient.id', 'appointment.patient_id')
		.select([
			'appointment.id',
			'appointment.starts_at',
			'appointment.status',
			'patient.email',
			'patient.id as patientId'
		])
		.where('patient.email', 'like', prefix)
		.execute();
	const byEmail = new Map<string, typeof appointments>();
	for (const row of appointments) {
		byEmail.set(row.email, [...(byEmail.get(row.email) ?? []), row]);
	}
	const confirmations = await db
		.selectFrom('outbox_message')
		.select(['appointment_id', 'status'])
		.where('kind', '=', 'confirmation')
		.execute();
	const confirmationOf = new Map(confirmations.map((row) => [row.appointment_id, row.status]));

	for (const [email, answer] of booked) {
		const rows = byEmail.get(email) ?? [];
		const row = rows.find((candidate) => candidate.id === answer.id);
		if (!row) {
			problems.push(`${email}: answered 201 as appointment ${answer.id}, which does not exist`);
			continue;
		}
		if (instantMs(row.starts_at) !== Date.parse(answer.start)) {
			problems.push(`${email}: appointment ${row.id} starts ${String(row.starts_at)}`);
		}
		const status = confirmationOf.get(row.id);
		if (status !== 'pending' && status !== 'sent') {
			problems.push(`${email}: appointment ${row.id} has no queued or sent confirmation`);
		}
	}
	for (const [email, rows] of byEmail) {
		if (rows.length > 1) problems.push(`${email}: ${rows.length} appointments for one request`);
		if (!booked.has(email)) {
			problems.push(`${email}: appointment ${rows[0]?.id} exists but no answer said 201`);
		}
	}
	const lonelyPatients = await db
		.selectFrom('patient')
		.leftJoin('appointment', 'appointment.patient_id', 'patient.id')
		.select('patient.email')
		.where('patient.email', 'like', prefix)
		.where('appointment.id', 'is', null)
		.execute();
	for (const row of lonelyPatients) problems.push(`${row.email}: a patient without appointment`);

	const orphanAppointments = await db
		.selectFrom('appointment')
		.leftJoin('patient', 'patient.id', 'appointment.patient_id')
		.select('appointment.id')
		.where('patient.id', 'is', null)
		.execute();
	for (const row of orphanAppointments) problems.push(`appointment ${row.id} has no patient`);
	const orphanMessages = await db
		.selectFrom('outbox_message')
		.leftJoin('appointment', 'appointment.id', 'outbox_message.appointment_id')
		.select('outbox_message.id')
		.where('outbox_message.appointment_id', 'is not', null)
		.where('appointment.id', 'is', null)
		.execute();
	for (const row of orphanMessages)
		problems.push(`outbox row ${row.id} names a missing appointment`);
	for (const [a, b] of await overlappingPairs(db)) {
		problems.push(`appointments ${a} and ${b} overlap`);
	}
	const stored = await db.selectFrom('idempotency_key').select(['key', 'response_json']).execute();
	const existing = new Set(
		(await db.selectFrom('appointment').select('id').execute()).map((row) => row.id)
	);
	for (const row of stored) {
		const id = (JSON.parse(row.response_json) as { id?: number }).id;
		if (id !== undefined && !existing.has(id)) {
			problems.push(`idempotency key ${row.key} answers appointment ${id}, which does not exist`);
		}
	}
	if (handle.dialect === 'sqlite') {
		const integrity = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db);
		const verdict = integrity.rows.map((row) => row.integrity_check).join('; ');
		if (verdict !== 'ok') problems.push(`SQLite integrity_check: ${verdict}`);
		const foreignKeys = await sql<Record<string, unknown>>`pragma foreign_key_check`.execute(db);
		if (foreignKeys.rows.length > 0) {
			problems.push(`SQLite foreign_key_check: ${JSON.stringify(foreignKeys.rows.slice(0, 5))}`);
		}
	}
	const outbox = await db
		.selectFrom('outbox_message')
		.innerJoin('appointment', 'appointment.id', 'outbox_message.appointment_id')
		.innerJoin('patient', 'patient.id', 'appointment.patient_id')
		.select(['outbox_message.status', (eb) => eb.fn.countAll<number | string>().as('count')])
		.where('patient.email', 'like', prefix)
		.where('outbox_message.kind', '=', 'confirmation')
		.groupBy('outbox_message.status')
		.execute();
	const count = (status: string) => Number(outbox.find((row) => row.status === status)?.count ?? 0);
	return {
		problems,
		appointments: appointments.length,
		outboxPending: count('pending'),
		outboxSent: count('sent')
	};
}
