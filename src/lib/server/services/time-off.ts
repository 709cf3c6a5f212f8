import type { Kysely } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import { formatAppointmentTime } from '$lib/domain/booking/appointment-time';
import { fieldErrors } from '$lib/domain/booking/contact-details';
import { parseCalendarDate } from '$lib/domain/booking/parse-time';
import { can } from '$lib/domain/staff/roles';
import { listCalendarAppointments } from '../db/repositories/appointment-repository';
import { appendAuditEvent } from '../db/repositories/audit-repository';
import { listPractitioners } from '../db/repositories/practitioner-repository';
import { deleteTimeOff, insertTimeOff, listTimeOff } from '../db/repositories/time-off-repository';
import type { Database } from '../db/schema';
import { loadClinicZone } from './clinic-contact';
import { staffAuditActor, type RequestMeta, type StaffActor } from './audit';

/** Upcoming time off, with the appointments each one overlaps (which staff must move). */
export async function loadTimeOff(db: Kysely<Database>, staff: StaffActor, now: Temporal.Instant) {
	if (!can(staff, 'settings.manage')) return { kind: 'forbidden' as const };
	const [entries, practitioners, zone] = await Promise.all([
		listTimeOff(db, now),
		listPractitioners(db),
		loadClinicZone(db)
	]);
	const rows = [];
	for (const entry of entries) {
		const clashes = (
			await listCalendarAppointments(db, { from: entry.start, until: entry.end })
		).filter(
			(appointment) =>
				appointment.practitionerId === entry.practitionerId && appointment.status === 'booked'
		);
		const from = formatAppointmentTime(entry.start, entry.start, zone.timeZone, zone.city);
		const to = formatAppointmentTime(entry.end, entry.end, zone.timeZone, zone.city);
		rows.push({
			id: entry.id,
			practitioner: practitioners.find((item) => item.id === entry.practitionerId)?.name ?? '',
			from: `${from.date}, ${from.startTime}`,
			to: `${to.date}, ${to.startTime} ${to.zoneAbbreviation}`,
			reason: entry.reason,
			clashes: clashes.map((appointment) => ({
				id: appointment.id,
				patientName: appointment.patientName
			}))
		});
	}
	return {
		kind: 'ok' as const,
		zoneLabel: `${zone.city} time`,
		practitioners: practitioners.map(({ id, name }) => ({ id, name })),
		entries: rows
	};
}

const wallTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time such as 09:00');
const form = z.object({
	practitioner: z.coerce
		.number({ error: 'Choose a practitioner.' })
		.int()
		.positive('Choose a practitioner.'),
	fromDate: z
		.string()
		.refine((value) => parseCalendarDate(value) !== null, 'Choose the first day.'),
	fromTime: wallTime.or(z.literal('')).default(''),
	toDate: z.string().refine((value) => parseCalendarDate(value) !== null, 'Choose the last day.'),
	toTime: wallTime.or(z.literal('')).default(''),
	reason: z.string().trim().min(2, 'Give a short reason (it is not shown to patients).').max(200)
});

/**
 * Adds time off from the form: from a day (and optional time) to a day (and optional time,
 * otherwise the end of that day), read in the clinic's zone. Open slots disappear at once;
 * existing appointments are not touched but listed for staff to move.
 */
export async function addTimeOff(
	db: Kysely<Database>,
	input: Record<string, string>,
	staff: StaffActor,
	context: { now: Temporal.Instant; request?: RequestMeta }
): Promise<
	{ kind: 'added' } | { kind: 'forbidden' } | { kind: 'invalid'; errors: Record<string, string> }
> {
	if (!can(staff, 'settings.manage')) return { kind: 'forbidden' };
	const parsed = form.safeParse(input);
	if (!parsed.success) return { kind: 'invalid', errors: fieldErrors(parsed.error) };
	const zone = (await loadClinicZone(db)).timeZone;
	const value = parsed.data;
	const fromDay = parseCalendarDate(value.fromDate) as Temporal.PlainDate;
	const toDay = parseCalendarDate(value.toDate) as Temporal.PlainDate;
	const start = fromDay
		.toZonedDateTime({ timeZone: zone, plainTime: value.fromTime || undefined })
		.toInstant();
	const end = (
		value.toTime
			? toDay.toZonedDateTime({ timeZone: zone, plainTime: value.toTime })
			: toDay.add({ days: 1 }).toZonedDateTime({ timeZone: zone })
	).toInstant();
	if (Temporal.Instant.compare(end, start) <= 0) {
		return { kind: 'invalid', errors: { toDate: 'The end must be after the start.' } };
	}
	const practitioners = await listPractitioners(db);
	if (!practitioners.some((entry) => entry.id === value.practitioner)) {
		return { kind: 'invalid', errors: { practitioner: 'Choose a practitioner.' } };
	}
	await db.transaction().execute(async (trx) => {
		const id = await insertTimeOff(trx, {
			practitionerId: value.practitioner,
			start,
			end,
			reason: value.reason
		});
		await appendAuditEvent(trx, {
			at: context.now,
			actor: staffAuditActor(staff),
			action: 'time_off.add',
			subject: { type: 'time_off', id },
			after: {
				practitionerId: value.practitioner,
				start: start.toString(),
				end: end.toString(),
				reason: value.reason
			},
			ip: context.request?.ip,
			requestId: context.request?.requestId
		});
	});
	return { kind: 'added' };
}

/** Removes time off (its hours become bookable again). */
export async function removeTimeOff(
	db: Kysely<Database>,
	id: number,
	staff: StaffActor,
	context: { now: Temporal.Instant; request?: RequestMeta }
): Promise<{ kind: 'removed' } | { kind: 'forbidden' } | { kind: 'not_found' }> {
	if (!can(staff, 'settings.manage')) return { kind: 'forbidden' };
	return db.transaction().execute(async (trx) => {
		const removed = await deleteTimeOff(trx, id);
		if (!removed) return { kind: 'not_found' as const };
		await appendAuditEvent(trx, {
			at: context.now,
			actor: staffAuditActor(staff),
			action: 'time_off.remove',
			subject: { type: 'time_off', id },
			before: {
				practitionerId: removed.practitionerId,
				start: removed.start.toString(),
				end: removed.end.toString(),
				reason: removed.reason
			},
			ip: context.request?.ip,
			requestId: context.request?.requestId
		});
		return { kind: 'removed' as const };
	});
}
