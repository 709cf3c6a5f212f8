import type { Kysely } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import {
	formatAppointmentTime,
	formatClockTime,
	formatLongDate
} from '$lib/domain/booking/appointment-time';
import { parseCalendarDate } from '$lib/domain/booking/parse-time';
import { dayGrid, type GridEntry, type GridHours } from '$lib/domain/calendar/day-grid';
import { can } from '$lib/domain/staff/roles';
import {
	findAppointment,
	listCalendarAppointments,
	setAppointmentStatus,
	cancelAppointment,
	type CalendarAppointment
} from '../db/repositories/appointment-repository';
import { appendAuditEvent } from '../db/repositories/audit-repository';
import { listLocations } from '../db/repositories/clinic-repository';
import { findPatient } from '../db/repositories/patient-repository';
import { listPractitioners } from '../db/repositories/practitioner-repository';
import { listWeeklyHoursOn, lockLocationSchedule } from '../db/repositories/schedule-repository';
import type { Database } from '../db/schema';
import { transactionWithRetry } from '../db/transaction';
import { queueAppointmentEmail } from './appointment-emails';
import { appointmentSnapshot, staffAuditActor, type RequestMeta, type StaffActor } from './audit';

/** One appointment block in the day view. */
export interface CalendarBlock {
	id: number;
	time: string;
	patientName: string;
	serviceName: string;
	status: string;
	newPatient: boolean;
	needsReview: boolean;
}

/**
 * The day view: a column per practitioner, rows of 15 minutes from 7 am to 9 pm in the
 * clinic's zone, appointments spanning their rows, working hours shaded, the current row
 * marked. Viewing it shows patients' names, so it is written to the audit log.
 */
export async function loadDayCalendar(
	db: Kysely<Database>,
	request: { date: string | null },
	staff: StaffActor,
	context: { now: Temporal.Instant; request?: RequestMeta }
) {
	if (!can(staff.role, 'schedule.view')) return { kind: 'forbidden' as const };
	const [locations, practitioners] = await Promise.all([listLocations(db), listPractitioners(db)]);
	const location = locations[0];
	if (!location) return { kind: 'forbidden' as const };
	const zone = location.timeZone;
	const today = context.now.toZonedDateTimeISO(zone).toPlainDate();
	const date = parseCalendarDate(request.date) ?? today;
	const from = date.toZonedDateTime({ timeZone: zone }).toInstant();
	const until = date.add({ days: 1 }).toZonedDateTime({ timeZone: zone }).toInstant();
	const appointments = await listCalendarAppointments(db, { from, until });
	const live = appointments.filter((appointment) => appointment.status !== 'cancelled');
	const entries: GridEntry<CalendarBlock>[] = live.map((appointment) => ({
		columnId: appointment.practitionerId,
		start: appointment.start,
		end: appointment.end,
		item: blockOf(appointment, zone)
	}));
	const rows = dayGrid({
		date,
		timeZone: zone,
		columnIds: practitioners.map((practitioner) => practitioner.id),
		entries,
		hours: await workingHoursOn(db, date, zone),
		now: context.now,
		firstHour: 7,
		lastHour: 21
	});
	await appendAuditEvent(db, {
		at: context.now,
		actor: staffAuditActor(staff),
		action: 'calendar.view',
		subject: { type: 'date', id: date.toString() },
		ip: context.request?.ip,
		requestId: context.request?.requestId
	});
	return {
		kind: 'ok' as const,
		date: date.toString(),
		label: formatLongDate(date),
		isToday: date.equals(today),
		previous: date.subtract({ days: 1 }).toString(),
		next: date.add({ days: 1 }).toString(),
		zoneLabel: `${location.city} time`,
		columns: practitioners.map((practitioner) => ({
			id: practitioner.id,
			name: practitioner.name
		})),
		rows: rows.map((row) => ({ ...row, start: row.start.toString() })),
		cancelled: appointments
			.filter((appointment) => appointment.status === 'cancelled')
			.map((appointment) => blockOf(appointment, zone)),
		canManage: can(staff.role, 'schedule.manage')
	};
}

function blockOf(appointment: CalendarAppointment, zone: string): CalendarBlock {
	return {
		id: appointment.id,
		time: `${formatClockTime(appointment.start.toZonedDateTimeISO(zone))} – ${formatClockTime(
			appointment.end.toZonedDateTimeISO(zone)
		)}`,
		patientName: appointment.patientName,
		serviceName: appointment.serviceName,
		status: appointment.status,
		newPatient: appointment.isNewPatient,
		needsReview: appointment.needsReview
	};
}

/** Practitioners' weekly hours on a date as instants, read in the clinic's zone. */
async function workingHoursOn(
	db: Kysely<Database>,
	date: Temporal.PlainDate,
	zone: string
): Promise<GridHours[]> {
	const hours = await listWeeklyHoursOn(db, date.dayOfWeek);
	return hours.map((entry) => {
		const start = date.toZonedDateTime({ timeZone: zone, plainTime: entry.start }).toInstant();
		let end = date.toZonedDateTime({ timeZone: zone, plainTime: entry.end }).toInstant();
		if (Temporal.Instant.compare(end, start) <= 0) end = end.add({ hours: 24 });
		return { columnId: entry.practitionerId, start, end };
	});
}

/** One appointment for staff, with the patient's contact details; its viewing is audited. */
export async function loadStaffAppointment(
	db: Kysely<Database>,
	id: number,
	staff: StaffActor,
	context: { now: Temporal.Instant; request?: RequestMeta }
) {
	if (!can(staff.role, 'schedule.view')) return { kind: 'forbidden' as const };
	const appointment = await findAppointment(db, id);
	if (!appointment) return { kind: 'not_found' as const };
	const [patient, practitioners, locations] = await Promise.all([
		findPatient(db, appointment.patientId),
		listPractitioners(db),
		listLocations(db)
	]);
	const location = locations.find((entry) => entry.id === appointment.locationId);
	await appendAuditEvent(db, {
		at: context.now,
		actor: staffAuditActor(staff),
		action: 'appointment.view',
		patientId: appointment.patientId,
		subject: { type: 'appointment', id: appointment.id },
		ip: context.request?.ip,
		requestId: context.request?.requestId
	});
	return {
		kind: 'ok' as const,
		appointment: {
			id: appointment.id,
			status: appointment.status,
			when: formatAppointmentTime(
				appointment.start,
				appointment.end,
				location?.timeZone ?? 'UTC',
				location?.city ?? ''
			).full,
			date: appointment.start
				.toZonedDateTimeISO(location?.timeZone ?? 'UTC')
				.toPlainDate()
				.toString(),
			practitioner:
				practitioners.find((entry) => entry.id === appointment.practitionerId)?.name ?? '',
			newPatient: appointment.isNewPatient,
			needsReview: appointment.needsReview,
			// The note may say why the patient comes: only for roles that read clinical content.
			note: can(staff.role, 'patients.clinical') ? appointment.note : null
		},
		patient: can(staff.role, 'patients.contact') ? patient : null,
		patientId: appointment.patientId,
		canManage: can(staff.role, 'schedule.manage')
	};
}

export type StaffChange =
	{ action: 'arrived' | 'completed' | 'no_show' } | { action: 'cancel'; reason: string };

/**
 * Marks an appointment arrived, completed or no-show, or cancels it with a reason (which
 * emails the patient). One transaction with the audit entry; a cancelled appointment stays
 * cancelled.
 */
export async function changeAppointment(
	db: Kysely<Database>,
	id: number,
	change: StaffChange,
	staff: StaffActor,
	context: { now: Temporal.Instant; origin: URL; request?: RequestMeta }
): Promise<
	| { kind: 'done' }
	| { kind: 'forbidden' }
	| { kind: 'not_found' }
	| { kind: 'invalid'; message: string }
> {
	if (!can(staff.role, 'schedule.manage')) return { kind: 'forbidden' };
	if (change.action === 'cancel' && change.reason.trim().length < 3) {
		return { kind: 'invalid', message: 'Please give a reason for cancelling.' };
	}
	return transactionWithRetry(db, async (trx) => {
		const before = await findAppointment(trx, id);
		if (!before || before.status === 'cancelled') return { kind: 'not_found' as const };
		await lockLocationSchedule(trx, before.locationId);
		const after =
			change.action === 'cancel'
				? await cancelAppointment(trx, id, {
						reason: change.reason.trim().slice(0, 500),
						now: context.now
					})
				: await setAppointmentStatus(trx, id, { status: change.action, now: context.now });
		if (!after) return { kind: 'not_found' as const };
		await appendAuditEvent(trx, {
			at: context.now,
			actor: staffAuditActor(staff),
			action: change.action === 'cancel' ? 'appointment.cancel' : `appointment.${change.action}`,
			patientId: after.patientId,
			subject: { type: 'appointment', id },
			before: appointmentSnapshot(before),
			after: {
				...appointmentSnapshot(after),
				...(change.action === 'cancel' ? { reason: change.reason.trim() } : {})
			},
			ip: context.request?.ip,
			requestId: context.request?.requestId
		});
		if (change.action === 'cancel') {
			const patient = await findPatient(trx, after.patientId);
			// Staff hold no manage link; the email points to the booking page instead.
			if (patient) {
				await queueAppointmentEmail(trx, 'cancellation', after, patient, {
					now: context.now,
					origin: context.origin,
					manageUrl: new URL('/book', context.origin).href
				});
			}
		}
		return { kind: 'done' as const };
	});
}

/**
 * One practitioner's week (Monday to Sunday around `date`) as a list per day: readable in
 * order by a screen reader and on a tablet. Viewing it is recorded like the day view.
 */
export async function loadWeekCalendar(
	db: Kysely<Database>,
	request: { date: string | null; practitioner: string | null },
	staff: StaffActor,
	context: { now: Temporal.Instant; request?: RequestMeta }
) {
	if (!can(staff.role, 'schedule.view')) return { kind: 'forbidden' as const };
	const [locations, practitioners] = await Promise.all([listLocations(db), listPractitioners(db)]);
	const location = locations[0];
	const practitioner =
		practitioners.find((entry) => String(entry.id) === request.practitioner) ?? practitioners[0];
	if (!location || !practitioner) return { kind: 'forbidden' as const };
	const zone = location.timeZone;
	const day = parseCalendarDate(request.date) ?? context.now.toZonedDateTimeISO(zone).toPlainDate();
	const monday = day.subtract({ days: day.dayOfWeek - 1 });
	const appointments = (
		await listCalendarAppointments(db, {
			from: monday.toZonedDateTime({ timeZone: zone }).toInstant(),
			until: monday.add({ days: 7 }).toZonedDateTime({ timeZone: zone }).toInstant()
		})
	).filter((appointment) => appointment.practitionerId === practitioner.id);
	await appendAuditEvent(db, {
		at: context.now,
		actor: staffAuditActor(staff),
		action: 'calendar.view_week',
		subject: { type: 'practitioner_week', id: `${practitioner.id}:${monday.toString()}` },
		ip: context.request?.ip,
		requestId: context.request?.requestId
	});
	return {
		kind: 'ok' as const,
		practitioner: { id: practitioner.id, name: practitioner.name },
		practitioners: practitioners.map(({ id, name }) => ({ id, name })),
		monday: monday.toString(),
		previous: monday.subtract({ days: 7 }).toString(),
		next: monday.add({ days: 7 }).toString(),
		zoneLabel: `${location.city} time`,
		days: Array.from({ length: 7 }, (_, index) => {
			const date = monday.add({ days: index });
			return {
				date: date.toString(),
				label: formatLongDate(date),
				appointments: appointments
					.filter((appointment) =>
						appointment.start.toZonedDateTimeISO(zone).toPlainDate().equals(date)
					)
					.map((appointment) => blockOf(appointment, zone))
			};
		})
	};
}
