import { PostgresAdapter, sql, type Kysely } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import type {
	BookedAppointment,
	BookingPolicy,
	Closure,
	ExtraHours,
	SchedulingInput,
	SchedulingLocation,
	SchedulingRoom,
	SchedulingService,
	TimeOff,
	WeeklyWorkingHours,
	Weekday
} from '$lib/domain/scheduling';
import { fromDbInstant, toDbInstant } from '../instant';
import type { Database } from '../schema';

/** The clinic's booking rules and the cancellation and reminder settings beside them. */
export interface ClinicPolicy extends BookingPolicy {
	cancellationCutoffHours: number;
	reminderLeadHours: number;
}

/**
 * The policy of a clinic that has not saved one: the column defaults of migration 0002, so
 * that pages of a real clinic that is still being set up have something to show.
 */
export const defaultClinicPolicy: ClinicPolicy = {
	slotStepMinutes: 15,
	minimumNoticeMinutes: 120,
	bookingWindowDays: 60,
	cancellationCutoffHours: 24,
	reminderLeadHours: 24
};

/** Reads the clinic's booking policy (the first clinic row), or the defaults before one exists. */
export async function loadClinicPolicy(db: Kysely<Database>): Promise<ClinicPolicy> {
	const row = await db
		.selectFrom('clinic')
		.select([
			'slot_step_minutes',
			'minimum_notice_minutes',
			'booking_window_days',
			'cancellation_cutoff_hours',
			'reminder_lead_hours'
		])
		.orderBy('id')
		.limit(1)
		.executeTakeFirst();
	if (!row) return defaultClinicPolicy;
	return {
		slotStepMinutes: row.slot_step_minutes,
		minimumNoticeMinutes: row.minimum_notice_minutes,
		bookingWindowDays: row.booking_window_days,
		cancellationCutoffHours: row.cancellation_cutoff_hours,
		reminderLeadHours: row.reminder_lead_hours
	};
}

/**
 * Everything the scheduling core needs for the instants in [from, until): hours, exceptions,
 * rooms, services, policy and the live appointments that overlap the range.
 * @param excludeAppointmentId leave one appointment out (the one being rescheduled).
 */
export async function loadSchedulingInput(
	db: Kysely<Database>,
	range: { now: Temporal.Instant; from: Temporal.Instant; until: Temporal.Instant },
	excludeAppointmentId?: number
): Promise<SchedulingInput> {
	const from = toDbInstant(range.from);
	const until = toDbInstant(range.until);
	let appointments = db
		.selectFrom('appointment')
		.innerJoin('service', 'service.id', 'appointment.service_id')
		.select([
			'appointment.practitioner_id',
			'appointment.room_id',
			'appointment.starts_at',
			'appointment.ends_at',
			'appointment.blocked_from',
			'appointment.blocked_until'
		])
		.where('appointment.status', '<>', 'cancelled')
		.where('appointment.blocked_from', '<', until)
		.where('appointment.blocked_until', '>', from);
	if (excludeAppointmentId !== undefined) {
		appointments = appointments.where('appointment.id', '<>', excludeAppointmentId);
	}
	const [policy, locations, hours, extra, timeOff, closures, rooms, services, booked] =
		await Promise.all([
			loadClinicPolicy(db),
			db.selectFrom('location').select(['id', 'time_zone']).execute(),
			db
				.selectFrom('practitioner_hours')
				.innerJoin('practitioner', 'practitioner.id', 'practitioner_hours.practitioner_id')
				.select([
					'practitioner_hours.practitioner_id',
					'practitioner_hours.location_id',
					'practitioner_hours.weekday',
					'practitioner_hours.start_time',
					'practitioner_hours.end_time'
				])
				.where('practitioner.active', '=', 1)
				.execute(),
			db.selectFrom('extra_hours').selectAll().execute(),
			db
				.selectFrom('time_off')
				.selectAll()
				.where('starts_at', '<', until)
				.where('ends_at', '>', from)
				.execute(),
			db
				.selectFrom('closure')
				.selectAll()
				.where('starts_at', '<', until)
				.where('ends_at', '>', from)
				.execute(),
			// Retired rooms keep their appointments (read below) but are never chosen again.
			db.selectFrom('room').select(['id', 'location_id', 'kind']).where('active', '=', 1).execute(),
			db
				.selectFrom('service')
				.select([
					'id',
					'duration_minutes',
					'buffer_before_minutes',
					'buffer_after_minutes',
					'room_kind'
				])
				.execute(),
			appointments.execute()
		]);
	return {
		now: range.now,
		policy,
		locations: locations.map((row): SchedulingLocation => ({
			id: row.id,
			timeZone: row.time_zone
		})),
		weeklyHours: hours.map((row): WeeklyWorkingHours => ({
			practitionerId: row.practitioner_id,
			locationId: row.location_id,
			weekday: row.weekday as Weekday,
			start: row.start_time,
			end: row.end_time
		})),
		extraHours: extra.map((row): ExtraHours => ({
			practitionerId: row.practitioner_id,
			locationId: row.location_id,
			date: Temporal.PlainDate.from(row.date),
			start: row.start_time,
			end: row.end_time
		})),
		timeOff: timeOff.map((row): TimeOff => ({
			practitionerId: row.practitioner_id,
			span: { start: fromDbInstant(row.starts_at), end: fromDbInstant(row.ends_at) }
		})),
		closures: closures.map((row): Closure => ({
			locationId: row.location_id,
			span: { start: fromDbInstant(row.starts_at), end: fromDbInstant(row.ends_at) }
		})),
		rooms: rooms.map((row): SchedulingRoom => ({
			id: row.id,
			locationId: row.location_id,
			kind: row.kind
		})),
		services: services.map((row): SchedulingService => ({
			id: row.id,
			durationMinutes: row.duration_minutes,
			bufferBeforeMinutes: row.buffer_before_minutes,
			bufferAfterMinutes: row.buffer_after_minutes,
			roomKind: row.room_kind
		})),
		// The stored blocked span already includes the buffers the service had when booked,
		// so a later change to a service's buffers does not move existing appointments.
		appointments: booked.map((row): BookedAppointment => {
			const start = fromDbInstant(row.starts_at);
			const end = fromDbInstant(row.ends_at);
			return {
				practitionerId: row.practitioner_id,
				roomId: row.room_id,
				start,
				end,
				bufferBeforeMinutes: minutesBetween(fromDbInstant(row.blocked_from), start),
				bufferAfterMinutes: minutesBetween(end, fromDbInstant(row.blocked_until))
			};
		})
	};
}

function minutesBetween(a: Temporal.Instant, b: Temporal.Instant): number {
	return Math.round((b.epochMilliseconds - a.epochMilliseconds) / 60_000);
}

/** Namespace of the clinic's advisory locks (any fixed number no other code uses). */
const scheduleLockSpace = 7301;

/**
 * Queues writers of one location's schedule behind each other until the transaction ends.
 * On PostgreSQL, concurrent bookings otherwise wait on each other's exclusion-constraint
 * checks and one is aborted as a deadlock; with the lock each re-check sees the last
 * committed booking. SQLite needs nothing: its writes are serialized already.
 */
export async function lockLocationSchedule(
	db: Kysely<Database>,
	locationId: number
): Promise<void> {
	if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
	await sql`select pg_advisory_xact_lock(${scheduleLockSpace}, ${locationId})`.execute(db);
}

/** Practitioners' weekly hours on one ISO weekday ('HH:MM' wall-clock times). */
export async function listWeeklyHoursOn(
	db: Kysely<Database>,
	weekday: number
): Promise<{ practitionerId: number; start: string; end: string }[]> {
	const rows = await db
		.selectFrom('practitioner_hours')
		.select(['practitioner_id', 'start_time', 'end_time'])
		.where('weekday', '=', weekday)
		.execute();
	return rows.map((row) => ({
		practitionerId: row.practitioner_id,
		start: row.start_time,
		end: row.end_time
	}));
}

/** Saves the clinic's booking policy. */
export async function saveClinicPolicy(db: Kysely<Database>, policy: ClinicPolicy): Promise<void> {
	await db
		.updateTable('clinic')
		.set({
			slot_step_minutes: policy.slotStepMinutes,
			minimum_notice_minutes: policy.minimumNoticeMinutes,
			booking_window_days: policy.bookingWindowDays,
			cancellation_cutoff_hours: policy.cancellationCutoffHours,
			reminder_lead_hours: policy.reminderLeadHours
		})
		.execute();
}

/** Every practitioner's weekly hours with ids, by practitioner, weekday and start. */
export async function listAllWeeklyHours(db: Kysely<Database>) {
	const rows = await db
		.selectFrom('practitioner_hours')
		.select(['id', 'practitioner_id', 'location_id', 'weekday', 'start_time', 'end_time'])
		.orderBy('practitioner_id')
		.orderBy('weekday')
		.orderBy('start_time')
		.execute();
	return rows.map((row) => ({
		id: row.id,
		practitionerId: row.practitioner_id,
		locationId: row.location_id,
		weekday: row.weekday,
		start: row.start_time,
		end: row.end_time
	}));
}

/** Adds one interval of weekly hours; returns its id. */
export async function insertWeeklyHours(
	db: Kysely<Database>,
	hours: { practitionerId: number; locationId: number; weekday: number; start: string; end: string }
): Promise<number> {
	const row = await db
		.insertInto('practitioner_hours')
		.values({
			practitioner_id: hours.practitionerId,
			location_id: hours.locationId,
			weekday: hours.weekday,
			start_time: hours.start,
			end_time: hours.end
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

/** Removes one interval of weekly hours; returns whether it existed. */
export async function deleteWeeklyHours(db: Kysely<Database>, id: number): Promise<boolean> {
	const result = await db.deleteFrom('practitioner_hours').where('id', '=', id).executeTakeFirst();
	return Number(result.numDeletedRows) > 0;
}
