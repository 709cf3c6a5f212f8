// Helpers for the booking integration tests: the seeded demo clinic's ids, real open slots from
// the availability service, and booking inputs for distinct patients.
import type { Kysely } from 'kysely';
import { afterAll, beforeAll } from 'vitest';
import type { DialectName } from '../../src/lib/server/db/connection';
import { seedDemoClinicIfEmpty } from '../../src/lib/server/db/seed/seed';
import { createTestDatabase, type TestDatabase } from './databases';
import { Temporal } from 'temporal-polyfill';
import type { OpenSlot } from '../../src/lib/domain/scheduling';
import { newSecretToken } from '../../src/lib/server/services/tokens';
import type { Database } from '../../src/lib/server/db/schema';
import {
	insertAppointment,
	type AppointmentRecord
} from '../../src/lib/server/db/repositories/appointment-repository';
import { findOrCreatePatient } from '../../src/lib/server/db/repositories/patient-repository';
import {
	bookAppointment,
	type BookingInput,
	type BookingResult
} from '../../src/lib/server/services/book-appointment';
import {
	findAvailability,
	type AvailabilityQuery
} from '../../src/lib/server/services/availability';

/** The fixed clock of most booking tests: Monday 1 March 2027, 9:00 am in Milwaukee. */
export const testNow = Temporal.Instant.from('2027-03-01T15:00:00Z');

/** Where manage links point in tests. */
export const testOrigin = new URL('https://clinic.example');

export const clinicTimeZone = 'America/Chicago';

/** The demo clinic's ids, looked up by slug (they differ between dialects and runs). */
export interface DemoIds {
	locationId: number;
	rooms: number[];
	service: {
		initial: number;
		followUp: number;
		massage: number;
		herbal: number;
	};
	/** Offers initial, follow-up and herbal; Monday, Tuesday, Wednesday and Saturday. */
	mei: number;
	/** Offers initial and follow-up; Tuesday, Thursday and Friday. */
	daniel: number;
	/** Offers massage only. */
	rosa: number;
}

export async function demoIds(db: Kysely<Database>): Promise<DemoIds> {
	const [services, practitioners, locations, rooms] = await Promise.all([
		db.selectFrom('service').select(['id', 'slug']).execute(),
		db.selectFrom('practitioner').select(['id', 'slug']).execute(),
		db.selectFrom('location').select('id').orderBy('id').execute(),
		db.selectFrom('room').select('id').orderBy('id').execute()
	]);
	const id = (rows: { id: number; slug: string }[], slug: string) => {
		const row = rows.find((entry) => entry.slug === slug);
		if (!row) throw new Error(`the demo clinic has no "${slug}"; was it seeded?`);
		return row.id;
	};
	const location = locations[0];
	if (!location) throw new Error('the demo clinic has no location; was it seeded?');
	return {
		locationId: location.id,
		rooms: rooms.map((room) => room.id),
		service: {
			initial: id(services, 'initial-acupuncture'),
			followUp: id(services, 'follow-up-acupuncture'),
			massage: id(services, 'therapeutic-massage'),
			herbal: id(services, 'herbal-consultation')
		},
		mei: id(practitioners, 'mei-lin-okafor'),
		daniel: id(practitioners, 'daniel-brandt'),
		rosa: id(practitioners, 'rosa-jimenez')
	};
}

/** A clinic-local date, as the availability service takes it. */
export function localDate(iso: string): Temporal.PlainDate {
	return Temporal.PlainDate.from(iso);
}

/** An instant at a wall-clock time in the clinic's zone ('2027-03-15T09:00'). */
export function clinicTime(isoLocal: string): Temporal.Instant {
	return Temporal.PlainDateTime.from(isoLocal)
		.toZonedDateTime(clinicTimeZone, { disambiguation: 'reject' })
		.toInstant();
}

/** Open slots from the availability service; fails the test when it refuses the query. */
export async function openSlots(
	db: Kysely<Database>,
	query: AvailabilityQuery,
	now: Temporal.Instant = testNow
): Promise<OpenSlot[]> {
	const result = await findAvailability(db, query, now);
	if (!result.ok) throw new Error(`availability refused: ${result.field}: ${result.message}`);
	return result.slots;
}

/** Open slots over a long range, fetched in chunks the availability service accepts. */
export async function openSlotsOver(
	db: Kysely<Database>,
	query: Omit<AvailabilityQuery, 'from' | 'to'>,
	from: Temporal.PlainDate,
	days: number,
	now: Temporal.Instant = testNow
): Promise<OpenSlot[]> {
	const slots: OpenSlot[] = [];
	for (let offset = 0; offset < days; offset += 28) {
		const chunkFrom = from.add({ days: offset });
		const chunkTo = from.add({ days: Math.min(offset + 27, days - 1) });
		slots.push(...(await openSlots(db, { ...query, from: chunkFrom, to: chunkTo }, now)));
	}
	return slots;
}

/** The first open slot of a request; fails the test when there is none. */
export async function firstOpenSlot(
	db: Kysely<Database>,
	query: AvailabilityQuery,
	now: Temporal.Instant = testNow
): Promise<OpenSlot> {
	const [slot] = await openSlots(db, query, now);
	if (!slot) throw new Error(`no open slot for ${JSON.stringify(query)}`);
	return slot;
}

/** Whether a slot is offered (same start and practitioner). */
export function offers(
	slots: readonly OpenSlot[],
	start: Temporal.Instant,
	practitionerId: number
) {
	return slots.some((slot) => slot.practitionerId === practitionerId && slot.start.equals(start));
}

/** A patient of the fictional clinic, distinct per `n`. */
export function testPatient(n: number | string) {
	return {
		name: `Test Patient ${n}`,
		email: `patient-${n}@example.com`,
		phone: '+1 414 555 0199'
	};
}

/** A booking input for a slot offered by the availability service. */
export function inputFor(
	slot: { start: Temporal.Instant; practitionerId: number | 'any' },
	serviceId: number,
	patient: number | string,
	extra: Partial<BookingInput> = {}
): BookingInput {
	return {
		serviceId,
		practitionerId: slot.practitionerId,
		start: slot.start,
		patient: testPatient(patient),
		newPatient: true,
		note: null,
		...extra
	};
}

/** How a test books: online (the default) or by the front desk for a caller. */
export interface BookOptions {
	now?: Temporal.Instant;
	idempotencyKey?: string | null;
	/** 'staff' books as the front desk on the phone, matching an existing patient (ADR 0029). */
	source?: 'online' | 'api' | 'staff';
}

/** Books through the service with the test clock and origin. */
export function book(
	db: Kysely<Database>,
	input: BookingInput,
	options: BookOptions = {}
): Promise<BookingResult> {
	const source = options.source ?? 'online';
	return bookAppointment(db, input, {
		now: options.now ?? testNow,
		origin: testOrigin,
		source,
		staff: source === 'staff' ? { userId: 'desk-test', name: 'Test Desk' } : undefined,
		idempotencyKey: options.idempotencyKey ?? null
	});
}

/** Books and fails the test unless the result is a booking. */
export async function bookOrFail(
	db: Kysely<Database>,
	input: BookingInput,
	options: BookOptions = {}
) {
	const result = await book(db, input, options);
	if (result.kind !== 'booked')
		throw new Error(`expected a booking, got ${JSON.stringify(result)}`);
	return result;
}

/** The manage token in a booking's manage link. */
export function tokenOf(manageUrl: string): string {
	const token = new URL(manageUrl).pathname.split('/').pop();
	if (!token) throw new Error(`no token in ${manageUrl}`);
	return token;
}

/**
 * Inserts an appointment straight through the repository (no scheduling check), so that only
 * the database stands between it and an overlap.
 */
export async function insertRaw(
	db: Kysely<Database>,
	ids: DemoIds,
	spec: {
		practitionerId: number;
		roomId: number | null;
		serviceId?: number;
		start: Temporal.Instant;
		minutes: number;
		bufferBefore?: number;
		bufferAfter?: number;
		patient?: number | string;
	}
): Promise<AppointmentRecord> {
	const patient = await findOrCreatePatient(db, testPatient(spec.patient ?? 'raw'), testNow);
	const end = spec.start.add({ minutes: spec.minutes });
	return insertAppointment(db, {
		locationId: ids.locationId,
		practitionerId: spec.practitionerId,
		roomId: spec.roomId,
		serviceId: spec.serviceId ?? ids.service.followUp,
		patientId: patient.id,
		start: spec.start,
		end,
		blockedFrom: spec.start.subtract({ minutes: spec.bufferBefore ?? 0 }),
		blockedUntil: end.add({ minutes: spec.bufferAfter ?? 0 }),
		isNewPatient: false,
		note: null,
		source: 'staff',
		needsReview: false,
		manageTokenHash: newSecretToken().hash,
		now: testNow
	});
}

/** The time each live appointment holds, buffers included, straight from the table. */
export async function heldSpans(db: Kysely<Database>) {
	const rows = await db
		.selectFrom('appointment')
		.select(['id', 'practitioner_id', 'room_id', 'blocked_from', 'blocked_until', 'status'])
		.where('status', '<>', 'cancelled')
		.execute();
	const ms = (value: string | Date) =>
		value instanceof Date ? value.getTime() : Temporal.Instant.from(value).epochMilliseconds;
	return rows.map((row) => ({
		id: row.id,
		practitionerId: row.practitioner_id,
		roomId: row.room_id,
		from: ms(row.blocked_from),
		until: ms(row.blocked_until)
	}));
}

/** Pairs of live appointments that share a practitioner or a room and overlap in time. */
export async function overlappingPairs(db: Kysely<Database>): Promise<[number, number][]> {
	const spans = await heldSpans(db);
	const pairs: [number, number][] = [];
	for (const [i, a] of spans.entries()) {
		for (const b of spans.slice(i + 1)) {
			const shareResource =
				a.practitionerId === b.practitionerId || (a.roomId !== null && a.roomId === b.roomId);
			if (shareResource && a.from < b.until && b.from < a.until) pairs.push([a.id, b.id]);
		}
	}
	return pairs;
}

/** How many rows a table holds. */
export async function countRows(
	db: Kysely<Database>,
	table: 'appointment' | 'patient' | 'outbox_message' | 'idempotency_key'
): Promise<number> {
	const row = await db
		.selectFrom(table)
		.select((eb) => eb.fn.countAll<number | string>().as('count'))
		.executeTakeFirstOrThrow();
	return Number(row.count);
}

/**
 * A fresh, seeded demo clinic on `dialect` for the enclosing `describe`: created before its
 * tests, dropped after them. Read `db()` and `ids` inside tests, not at collection time.
 */
export function useDemoClinic(dialect: DialectName) {
	let database: TestDatabase | undefined;
	let ids: DemoIds | undefined;
	beforeAll(async () => {
		database = await createTestDatabase(dialect);
		await seedDemoClinicIfEmpty(database.handle.db);
		ids = await demoIds(database.handle.db);
	});
	afterAll(async () => {
		await database?.dispose();
	});
	const ready = <T>(value: T | undefined): T => {
		if (value === undefined) throw new Error('the demo clinic is not ready yet');
		return value;
	};
	return {
		db: () => ready(database).handle.db,
		get ids(): DemoIds {
			return ready(ids);
		},
		get database(): TestDatabase {
			return ready(database);
		}
	};
}
