import type { Kysely } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import {
	formatAppointmentTime,
	formatClockTime,
	formatLongDate
} from '$lib/domain/booking/appointment-time';
import { parseCalendarDate } from '$lib/domain/booking/parse-time';
import { dayGrid, type GridEntry, type GridHours } from '$lib/domain/calendar/day-grid';
import { describeContactPreferences } from '$lib/domain/patients/patient-record';
import type { OpeningHours } from '$lib/domain/clinic/types';
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
import { listRooms } from '../db/repositories/room-repository';
import { findPatientRecord } from '../db/repositories/patient-record-repository';
import { findPatient } from '../db/repositories/patient-repository';
import {
	listUnconfirmedWithMatch,
	patientRecordGroups,
	patientRecordIds
} from '../db/repositories/patient-identity-repository';
import { loadIdentityNotice } from './patient-identity';
import { findLinkedPractitionerId } from '../db/repositories/staff-repository';
import { listPractitioners } from '../db/repositories/practitioner-repository';
import { listWeeklyHoursOn, lockLocationSchedule } from '../db/repositories/schedule-repository';
import type { Database } from '../db/schema';
import { transactionWithRetry } from '../db/transaction';
import { queueAppointmentEmail } from './appointment-emails';
import { loadConsentMissing, loadConsentStatus } from './consent';
import { loadAppointmentReview } from './clinician-review';
import { staffForPatient } from './clinical-scope';
import { loadCalendarFormFlags, loadStaffHealthForm, type CalendarFormFlags } from './intake-staff';
import {
	recordAppointmentChange,
	staffAuditActor,
	type RequestMeta,
	type StaffActor
} from './audit';

/** One appointment block in the day view. */
export interface CalendarBlock {
	id: number;
	time: string;
	patientName: string;
	serviceName: string;
	status: string;
	newPatient: boolean;
	needsReview: boolean;
	/** The practitioner's name where the column does not say it (the room view). */
	with?: string | null;
	/** The current consent is not signed (day view, roles with 'forms.status'). */
	consentMissing?: boolean;
	/** No submitted health form yet (shown to roles with 'forms.status'). */
	formsMissing?: boolean;
	/** Clinical roles only: "Contraindication" or "Precaution" from the health form. */
	clinicalFlag?: CalendarFormFlags['clinical'];
	/** An online booking whose record may be an existing patient's (ADR 0029). */
	possibleMatch?: boolean;
}

/** A block's health-form words, from the flags read once for the whole day or week. */
function formWords(
	forms: ReadonlyMap<number, CalendarFormFlags>,
	patientId: number
): Pick<CalendarBlock, 'formsMissing' | 'clinicalFlag'> {
	const flags = forms.get(patientId);
	return { formsMissing: flags?.formsMissing ?? false, clinicalFlag: flags?.clinical ?? null };
}

/** The day view's columns: practitioners (the default) or rooms. */
export type CalendarColumns = 'practitioner' | 'room';

/** Column id for appointments whose service needs no room, in the room view. */
const noRoom = 0;

/**
 * The day view: a column per practitioner or per room, rows of 15 minutes from 7 am to 9 pm
 * in the clinic's zone, appointments spanning their rows, working hours (the practitioner's,
 * or the location's opening hours for rooms) shaded, the current row marked. Viewing it shows
 * patients' names, so it is written to the audit log.
 */
export async function loadDayCalendar(
	db: Kysely<Database>,
	request: { date: string | null; columns?: string | null },
	staff: StaffActor,
	context: { now: Temporal.Instant; request?: RequestMeta }
) {
	if (!can(staff, 'schedule.view')) return { kind: 'forbidden' as const };
	const byRoom = request.columns === 'room';
	const [locations, practitioners, rooms] = await Promise.all([
		listLocations(db),
		listPractitioners(db),
		listRooms(db)
	]);
	const location = locations[0];
	// A real clinic before its owner added a location: nothing to show yet (ADR 0034).
	if (!location) return { kind: 'not_set_up' as const };
	const zone = location.timeZone;
	const today = context.now.toZonedDateTimeISO(zone).toPlainDate();
	const date = parseCalendarDate(request.date) ?? today;
	const from = date.toZonedDateTime({ timeZone: zone }).toInstant();
	const until = date.add({ days: 1 }).toZonedDateTime({ timeZone: zone }).toInstant();
	const appointments = await listCalendarAppointments(db, { from, until });
	const live = appointments.filter((appointment) => appointment.status !== 'cancelled');
	const flagsOf = await loadBlockFlags(db, live, staff);
	const nameOf = (id: number) => practitioners.find((entry) => entry.id === id)?.name ?? '';
	const columns = byRoom
		? roomColumns(rooms, location.id, live)
		: practitioners.map((practitioner) => ({
				id: practitioner.id,
				name: practitioner.name,
				weekHref: `/admin/calendar/week?practitioner=${practitioner.id}&date=${date.toString()}`
			}));
	const entries: GridEntry<CalendarBlock>[] = live.map((appointment) => ({
		columnId: byRoom ? (appointment.roomId ?? noRoom) : appointment.practitionerId,
		start: appointment.start,
		end: appointment.end,
		item: {
			...blockOf(appointment, zone),
			...flagsOf(appointment.patientId),
			// In the room view the practitioner is what the column does not say.
			with: byRoom ? nameOf(appointment.practitionerId) : null
		}
	}));
	const rows = dayGrid({
		date,
		timeZone: zone,
		columnIds: columns.map((column) => column.id),
		entries,
		hours: byRoom
			? openingHoursOn(location.hours, date, zone, columns)
			: await workingHoursOn(db, date, zone),
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
		columnsBy: byRoom ? ('room' as const) : ('practitioner' as const),
		columns,
		rows: rows.map((row) => ({ ...row, start: row.start.toString() })),
		cancelled: appointments
			.filter((appointment) => appointment.status === 'cancelled')
			.map((appointment) => blockOf(appointment, zone)),
		canManage: can(staff, 'schedule.manage')
	};
}

/**
 * The location's rooms in use: active ones, a retired room only when it still holds an
 * appointment that day, and a "no room" column when a service needing none is booked.
 */
function roomColumns(
	rooms: readonly { id: number; locationId: number; name: string; active: boolean }[],
	locationId: number,
	live: readonly CalendarAppointment[]
): { id: number; name: string; weekHref: null }[] {
	const held = new Set(live.map((appointment) => appointment.roomId ?? noRoom));
	const columns = rooms
		.filter((room) => room.locationId === locationId && (room.active || held.has(room.id)))
		.map((room) => ({ id: room.id, name: room.name, weekHref: null }));
	if (held.has(noRoom)) columns.push({ id: noRoom, name: 'No room needed', weekHref: null });
	return columns;
}

/** The location's opening hours on a date, as working time for every room column. */
function openingHoursOn(
	hours: readonly OpeningHours[],
	date: Temporal.PlainDate,
	zone: string,
	columns: readonly { id: number }[]
): GridHours[] {
	return hours
		.filter((entry) => entry.weekday === date.dayOfWeek)
		.flatMap((entry) => {
			const span = wallClockSpan(date, zone, entry.opens, entry.closes);
			return columns.map((column) => ({ columnId: column.id, ...span }));
		});
}

/** A wall-clock span on a date as instants; an end at or before the start is the next day. */
function wallClockSpan(date: Temporal.PlainDate, zone: string, start: string, end: string) {
	const from = date.toZonedDateTime({ timeZone: zone, plainTime: start }).toInstant();
	let until = date.toZonedDateTime({ timeZone: zone, plainTime: end }).toInstant();
	if (Temporal.Instant.compare(until, from) <= 0) until = until.add({ hours: 24 });
	return { start: from, end: until };
}

/**
 * The forms and consent flags of the patients on a calendar page, read in a fixed number of
 * queries however many appointments it shows, as a lookup by patient.
 */
async function loadBlockFlags(
	db: Kysely<Database>,
	appointments: readonly { patientId: number }[],
	staff: StaffActor
) {
	const patientIds = appointments.map((appointment) => appointment.patientId);
	// A record merged into another counts with it (ADR 0029); an unconfirmed one is marked.
	const [groups, unconfirmed] = await Promise.all([
		patientRecordGroups(db, patientIds),
		listUnconfirmedWithMatch(db, patientIds)
	]);
	const [forms, consentMissing] = await Promise.all([
		loadCalendarFormFlags(db, patientIds, staff, groups),
		loadConsentMissing(db, patientIds, staff, groups)
	]);
	const matchVisible = can(staff, 'patients.contact');
	return (patientId: number) => ({
		...formWords(forms, patientId),
		consentMissing: consentMissing.has(patientId),
		possibleMatch: matchVisible && unconfirmed.has(patientId)
	});
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
	return hours.map((entry) => ({
		columnId: entry.practitionerId,
		...wallClockSpan(date, zone, entry.start, entry.end)
	}));
}

/** One appointment for staff, with the patient's contact details; its viewing is audited. */
export async function loadStaffAppointment(
	db: Kysely<Database>,
	id: number,
	staff: StaffActor,
	context: { now: Temporal.Instant; request?: RequestMeta }
) {
	if (!can(staff, 'schedule.view')) return { kind: 'forbidden' as const };
	const appointment = await findAppointment(db, id);
	if (!appointment) return { kind: 'not_found' as const };
	const [record, practitioners, locations, review, identity] = await Promise.all([
		findPatientRecord(db, appointment.patientId),
		listPractitioners(db),
		listLocations(db),
		// Pending for everyone; the screening and the note for clinical roles only (ADR 0019).
		loadAppointmentReview(db, appointment.id, staff),
		// "Possible match" for an online booking with an existing patient's name and email.
		loadIdentityNotice(db, appointment.patientId, staff)
	]);
	// The record the appointment belongs to now, with every record merged into it (ADR 0029).
	const recordIds = await patientRecordIds(
		db,
		identity?.kind === 'merged' ? identity.into.id : appointment.patientId
	);
	const patient = record && {
		name: record.fields.name,
		email: record.fields.email,
		phone: record.fields.phone,
		// One line for whoever calls or writes: "Prefers phone; no voicemail".
		preferences: describeContactPreferences(record.fields)
	};
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
			note: can(await staffForPatient(db, staff, appointment.patientId), 'patients.clinical')
				? appointment.note
				: null
		},
		patient: can(staff, 'patients.contact') ? patient : null,
		// The record the appointment belongs to now (the one it was merged into, if so).
		patientId: recordIds[0] ?? appointment.patientId,
		// Consent status for everyone who sees form status (not clinical content).
		consent: await loadConsentStatus(db, recordIds[0] ?? appointment.patientId, staff),
		// The health form's status for 'forms.status', its flags for 'forms.clinical' only.
		healthForm: await loadStaffHealthForm(db, recordIds, staff),
		identity,
		review,
		canManage: can(staff, 'schedule.manage')
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
	if (!can(staff, 'schedule.manage')) return { kind: 'forbidden' };
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
		await recordAppointmentChange(trx, {
			action: `appointment.${change.action}`,
			actor: staffAuditActor(staff),
			before,
			after,
			details: change.action === 'cancel' ? { reason: change.reason.trim() } : undefined,
			at: context.now,
			request: context.request
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
	if (!can(staff, 'schedule.view')) return { kind: 'forbidden' as const };
	const [locations, practitioners, own] = await Promise.all([
		listLocations(db),
		listPractitioners(db),
		findLinkedPractitionerId(db, staff.userId)
	]);
	const location = locations[0];
	// Without a choice, a practitioner sees their own week; others see the first practitioner's.
	const practitioner =
		practitioners.find((entry) => String(entry.id) === request.practitioner) ??
		practitioners.find((entry) => entry.id === own) ??
		practitioners[0];
	if (!location || !practitioner) return { kind: 'not_set_up' as const };
	const zone = location.timeZone;
	const day = parseCalendarDate(request.date) ?? context.now.toZonedDateTimeISO(zone).toPlainDate();
	const monday = day.subtract({ days: day.dayOfWeek - 1 });
	const appointments = (
		await listCalendarAppointments(db, {
			from: monday.toZonedDateTime({ timeZone: zone }).toInstant(),
			until: monday.add({ days: 7 }).toZonedDateTime({ timeZone: zone }).toInstant()
		})
	).filter((appointment) => appointment.practitionerId === practitioner.id);
	const flagsOf = await loadBlockFlags(db, appointments, staff);
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
					.map((appointment) => ({
						...blockOf(appointment, zone),
						...flagsOf(appointment.patientId)
					}))
			};
		})
	};
}

/**
 * "Your day" for a practitioner's own account: today's appointments in order, the next one
 * marked, for the workspace's home page. Null when the account is no practitioner's. Viewing
 * it shows patients' names, so it is recorded like the calendar.
 */
export async function loadOwnDay(
	db: Kysely<Database>,
	staff: StaffActor,
	context: { now: Temporal.Instant; request?: RequestMeta }
) {
	if (!can(staff, 'schedule.view')) return null;
	const practitionerId = await findLinkedPractitionerId(db, staff.userId);
	const [location] = await listLocations(db);
	if (practitionerId === null || !location) return null;
	const zone = location.timeZone;
	const today = context.now.toZonedDateTimeISO(zone).toPlainDate();
	const appointments = (
		await listCalendarAppointments(db, {
			from: today.toZonedDateTime({ timeZone: zone }).toInstant(),
			until: today.add({ days: 1 }).toZonedDateTime({ timeZone: zone }).toInstant()
		})
	).filter(
		(appointment) =>
			appointment.practitionerId === practitionerId && appointment.status !== 'cancelled'
	);
	await appendAuditEvent(db, {
		at: context.now,
		actor: staffAuditActor(staff),
		action: 'calendar.view',
		subject: { type: 'practitioner_day', id: `${practitionerId}:${today.toString()}` },
		ip: context.request?.ip,
		requestId: context.request?.requestId
	});
	const next = appointments.find(
		(appointment) =>
			appointment.status === 'booked' &&
			appointment.end.epochMilliseconds > context.now.epochMilliseconds
	);
	return {
		label: formatLongDate(today),
		weekHref: `/admin/calendar/week?practitioner=${practitionerId}&date=${today.toString()}`,
		appointments: appointments.map((appointment) => ({
			...blockOf(appointment, zone),
			next: appointment === next
		}))
	};
}
