import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { fromDbInstant, fromDbInstantOrNull, toDbInstant } from '../instant';
import type { Database } from '../schema';

export type AppointmentStatus = 'booked' | 'arrived' | 'completed' | 'no_show' | 'cancelled';
export type AppointmentSource = 'online' | 'staff' | 'api';

/** An appointment as the booking services use it. */
export interface AppointmentRecord {
	id: number;
	locationId: number;
	practitionerId: number;
	roomId: number | null;
	serviceId: number;
	patientId: number;
	start: Temporal.Instant;
	end: Temporal.Instant;
	status: AppointmentStatus;
	isNewPatient: boolean;
	note: string | null;
	source: AppointmentSource;
	needsReview: boolean;
	sequence: number;
	createdAt: Temporal.Instant;
	cancelledAt: Temporal.Instant | null;
}

export interface NewAppointment {
	locationId: number;
	practitionerId: number;
	roomId: number | null;
	serviceId: number;
	patientId: number;
	start: Temporal.Instant;
	end: Temporal.Instant;
	blockedFrom: Temporal.Instant;
	blockedUntil: Temporal.Instant;
	isNewPatient: boolean;
	note: string | null;
	source: AppointmentSource;
	needsReview: boolean;
	manageTokenHash: string;
	now: Temporal.Instant;
}

/** The database refused an appointment because it overlaps another (or its room's). */
export class AppointmentOverlap extends Error {
	override name = 'AppointmentOverlap';
}

/** Maps each dialect's overlap refusal to {@link AppointmentOverlap}; rethrows anything else. */
export function translateOverlap(error: unknown): never {
	const code = (error as { code?: string }).code;
	const message = (error as Error).message ?? '';
	// PostgreSQL: exclusion_violation. SQLite: our trigger's RAISE(ABORT, 'appointment_overlap').
	if (code === '23P01' || message.includes('appointment_overlap')) {
		throw new AppointmentOverlap('the time overlaps another appointment');
	}
	throw error;
}

function toRecord(row: {
	id: number;
	location_id: number;
	practitioner_id: number;
	room_id: number | null;
	service_id: number;
	patient_id: number;
	starts_at: string | Date;
	ends_at: string | Date;
	status: string;
	is_new_patient: number;
	note: string | null;
	source: string;
	needs_review: number;
	sequence: number;
	created_at: string | Date;
	cancelled_at: string | Date | null;
}): AppointmentRecord {
	return {
		id: row.id,
		locationId: row.location_id,
		practitionerId: row.practitioner_id,
		roomId: row.room_id,
		serviceId: row.service_id,
		patientId: row.patient_id,
		start: fromDbInstant(row.starts_at),
		end: fromDbInstant(row.ends_at),
		status: row.status as AppointmentStatus,
		isNewPatient: row.is_new_patient === 1,
		note: row.note,
		source: row.source as AppointmentSource,
		needsReview: row.needs_review === 1,
		sequence: row.sequence,
		createdAt: fromDbInstant(row.created_at),
		cancelledAt: fromDbInstantOrNull(row.cancelled_at)
	};
}

const columns = [
	'id',
	'location_id',
	'practitioner_id',
	'room_id',
	'service_id',
	'patient_id',
	'starts_at',
	'ends_at',
	'status',
	'is_new_patient',
	'note',
	'source',
	'needs_review',
	'sequence',
	'created_at',
	'cancelled_at'
] as const;

/**
 * Inserts a booked appointment.
 * @throws {AppointmentOverlap} when the database refuses it as overlapping.
 */
export async function insertAppointment(
	db: Kysely<Database>,
	appointment: NewAppointment
): Promise<AppointmentRecord> {
	const now = toDbInstant(appointment.now);
	const row = await db
		.insertInto('appointment')
		.values({
			location_id: appointment.locationId,
			practitioner_id: appointment.practitionerId,
			room_id: appointment.roomId,
			service_id: appointment.serviceId,
			patient_id: appointment.patientId,
			starts_at: toDbInstant(appointment.start),
			ends_at: toDbInstant(appointment.end),
			blocked_from: toDbInstant(appointment.blockedFrom),
			blocked_until: toDbInstant(appointment.blockedUntil),
			status: 'booked',
			is_new_patient: appointment.isNewPatient ? 1 : 0,
			note: appointment.note,
			source: appointment.source,
			needs_review: appointment.needsReview ? 1 : 0,
			manage_token_hash: appointment.manageTokenHash,
			created_at: now,
			updated_at: now
		})
		.returning(columns)
		.executeTakeFirstOrThrow()
		.catch(translateOverlap);
	return toRecord(row);
}

/**
 * The appointment whose manage token hashes to `tokenHash`, or null: the link handed back at
 * booking, or one minted for an email (see {@link findManageLinkByTokenHash}).
 */
export async function findAppointmentByTokenHash(
	db: Kysely<Database>,
	tokenHash: string
): Promise<AppointmentRecord | null> {
	return (await findManageLinkByTokenHash(db, tokenHash))?.appointment ?? null;
}

/** How a manage link was handed out: on the web or API at booking, or in an email. */
export type ManageLink =
	| { appointment: AppointmentRecord; via: 'booking' }
	| {
			appointment: AppointmentRecord;
			via: 'email';
			/** The address the email went to (trimmed, lower-case): following it proves that inbox. */
			email: string;
			/** The patient the appointment belonged to when the email was sent. */
			patientId: number | null;
	  };

/**
 * The appointment a manage token opens and how the token was handed out (ADR 0031), or null.
 * An emailed link opens the same appointment as the booking one and ends with it on a staff
 * move.
 */
export async function findManageLinkByTokenHash(
	db: Kysely<Database>,
	tokenHash: string
): Promise<ManageLink | null> {
	const booked = await db
		.selectFrom('appointment')
		.select(columns)
		.where('manage_token_hash', '=', tokenHash)
		.executeTakeFirst();
	if (booked) return { appointment: toRecord(booked), via: 'booking' };
	const emailed = await db
		.selectFrom('emailed_link as l')
		.innerJoin('appointment', 'appointment.id', 'l.appointment_id')
		.select(columns.map((column) => `appointment.${column}` as const))
		.select(['l.email_normalized', 'l.patient_id as link_patient_id'])
		.where('l.token_hash', '=', tokenHash)
		.where('l.purpose', '=', 'appointment_manage')
		.executeTakeFirst();
	if (!emailed) return null;
	return {
		appointment: toRecord(emailed),
		via: 'email',
		email: emailed.email_normalized,
		patientId: emailed.link_patient_id
	};
}

/** What minting an emailed manage link needs: the appointment's patient and current link hash. */
export async function manageLinkTarget(
	db: Kysely<Database>,
	id: number
): Promise<{ id: number; patientId: number; manageTokenHash: string } | null> {
	const row = await db
		.selectFrom('appointment')
		.select(['id', 'patient_id', 'manage_token_hash'])
		.where('id', '=', id)
		.executeTakeFirst();
	return row
		? { id: row.id, patientId: row.patient_id, manageTokenHash: row.manage_token_hash }
		: null;
}

/** One appointment by id, or null. */
export async function findAppointment(
	db: Kysely<Database>,
	id: number
): Promise<AppointmentRecord | null> {
	const row = await db
		.selectFrom('appointment')
		.select(columns)
		.where('id', '=', id)
		.executeTakeFirst();
	return row ? toRecord(row) : null;
}

/**
 * Moves an appointment and raises its calendar sequence. A cancelled appointment is not
 * moved: null then, also when a concurrent transaction cancelled it after the caller read it
 * (PostgreSQL re-checks the condition on the row it waited for).
 * @throws {AppointmentOverlap} when the new time overlaps another appointment.
 */
export async function moveAppointment(
	db: Kysely<Database>,
	id: number,
	change: {
		practitionerId: number;
		roomId: number | null;
		locationId: number;
		start: Temporal.Instant;
		end: Temporal.Instant;
		blockedFrom: Temporal.Instant;
		blockedUntil: Temporal.Instant;
		now: Temporal.Instant;
	}
): Promise<AppointmentRecord | null> {
	const row = await db
		.updateTable('appointment')
		.set((eb) => ({
			practitioner_id: change.practitionerId,
			room_id: change.roomId,
			location_id: change.locationId,
			starts_at: toDbInstant(change.start),
			ends_at: toDbInstant(change.end),
			blocked_from: toDbInstant(change.blockedFrom),
			blocked_until: toDbInstant(change.blockedUntil),
			sequence: eb('sequence', '+', 1),
			updated_at: toDbInstant(change.now)
		}))
		.where('id', '=', id)
		.where('status', '<>', 'cancelled')
		.returning(columns)
		.executeTakeFirst()
		.catch(translateOverlap);
	return row ? toRecord(row) : null;
}

/**
 * Replaces the hash of an appointment's manage link: the link sent before stops working and
 * only the one in the newest email does.
 */
export async function replaceManageTokenHash(
	db: Kysely<Database>,
	id: number,
	tokenHash: string
): Promise<void> {
	await db
		.updateTable('appointment')
		.set({ manage_token_hash: tokenHash })
		.where('id', '=', id)
		.execute();
	// The links minted for earlier emails stop working with it (ADR 0018, ADR 0031).
	await db
		.deleteFrom('emailed_link')
		.where('appointment_id', '=', id)
		.where('purpose', '=', 'appointment_manage')
		.execute();
}

/**
 * Cancels an appointment (it stops holding time) and raises its calendar sequence. Null when it
 * is already cancelled, also by a concurrent transaction after the caller read it, so a double
 * click cancels (and emails) once.
 */
export async function cancelAppointment(
	db: Kysely<Database>,
	id: number,
	change: { reason: string; now: Temporal.Instant }
): Promise<AppointmentRecord | null> {
	const now = toDbInstant(change.now);
	const row = await db
		.updateTable('appointment')
		.set((eb) => ({
			status: 'cancelled',
			cancelled_at: now,
			cancel_reason: change.reason,
			sequence: eb('sequence', '+', 1),
			updated_at: now
		}))
		.where('id', '=', id)
		.where('status', '<>', 'cancelled')
		.returning(columns)
		.executeTakeFirst();
	return row ? toRecord(row) : null;
}

/** How many live appointments there are (for tests and benchmarks). */
export async function countLiveAppointments(db: Kysely<Database>): Promise<number> {
	const row = await db
		.selectFrom('appointment')
		.select((eb) => eb.fn.countAll<number>().as('count'))
		.where('status', '<>', 'cancelled')
		.executeTakeFirstOrThrow();
	return Number(row.count);
}

/** An appointment as the staff calendar shows it. */
export interface CalendarAppointment extends AppointmentRecord {
	patientName: string;
	serviceName: string;
}

/** Appointments (cancelled ones too) that overlap [from, until), with names, by start. */
export async function listCalendarAppointments(
	db: Kysely<Database>,
	range: { from: Temporal.Instant; until: Temporal.Instant }
): Promise<CalendarAppointment[]> {
	const rows = await db
		.selectFrom('appointment')
		.innerJoin('patient', 'patient.id', 'appointment.patient_id')
		.innerJoin('service', 'service.id', 'appointment.service_id')
		.select(columns.map((column) => `appointment.${column}` as const))
		.select(['patient.name as patient_name', 'service.name as service_name'])
		.where('appointment.starts_at', '<', toDbInstant(range.until))
		.where('appointment.ends_at', '>', toDbInstant(range.from))
		.orderBy('appointment.starts_at')
		.orderBy('appointment.id')
		.execute();
	return rows.map((row) => ({
		...toRecord(row),
		patientName: row.patient_name,
		serviceName: row.service_name
	}));
}

/** Sets an appointment's status (arrived, completed, no-show); null if it is cancelled. */
export async function setAppointmentStatus(
	db: Kysely<Database>,
	id: number,
	change: { status: Exclude<AppointmentStatus, 'cancelled'>; now: Temporal.Instant }
): Promise<AppointmentRecord | null> {
	const row = await db
		.updateTable('appointment')
		.set({ status: change.status, updated_at: toDbInstant(change.now) })
		.where('id', '=', id)
		.where('status', '<>', 'cancelled')
		.returning(columns)
		.executeTakeFirst();
	return row ? toRecord(row) : null;
}

/**
 * How many appointments are still to come (booked or arrived, not yet over at `now`) for a
 * room, a practitioner or a location: what must be moved before one of them changes.
 */
export async function countUpcomingAppointments(
	db: Kysely<Database>,
	holder: { roomId: number } | { practitionerId: number } | { locationId: number },
	now: Temporal.Instant
): Promise<number> {
	let query = db
		.selectFrom('appointment')
		.select((eb) => eb.fn.countAll<number | string>().as('count'))
		.where('status', 'in', ['booked', 'arrived'])
		.where('ends_at', '>', toDbInstant(now));
	if ('roomId' in holder) query = query.where('room_id', '=', holder.roomId);
	else if ('practitionerId' in holder) {
		query = query.where('practitioner_id', '=', holder.practitionerId);
	} else query = query.where('location_id', '=', holder.locationId);
	const row = await query.executeTakeFirstOrThrow();
	return Number(row.count);
}

/** Every appointment of these patients, earliest first (a patient's own page lists them). */
export async function listAppointmentsOfPatients(
	db: Kysely<Database>,
	patientIds: number[]
): Promise<AppointmentRecord[]> {
	if (patientIds.length === 0) return [];
	const rows = await db
		.selectFrom('appointment')
		.select(columns)
		.where('patient_id', 'in', patientIds)
		.orderBy('starts_at')
		.orderBy('id')
		.execute();
	return rows.map(toRecord);
}
