import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { formatAppointmentTime } from '$lib/domain/booking/appointment-time';
import { parseCalendarDate } from '$lib/domain/booking/parse-time';
import { can } from '$lib/domain/staff/roles';
import { appendAuditEvent, listAuditEvents } from '../db/repositories/audit-repository';
import type { Database } from '../db/schema';
import { loadClinicZone } from './clinic-contact';
import { staffAuditActor, type RequestMeta, type StaffActor } from './audit';

/** What the owner may filter the audit log by, as the form sends it. */
export interface AuditFilterForm {
	person?: string | null;
	patient?: string | null;
	from?: string | null;
	to?: string | null;
}

/**
 * The audit log for the owner, newest first, filtered by person, patient and dates (in the
 * clinic's zone). Reading the log is itself recorded.
 */
export async function loadAuditLog(
	db: Kysely<Database>,
	form: AuditFilterForm,
	staff: StaffActor,
	context: { now: Temporal.Instant; request?: RequestMeta }
) {
	if (!can(staff, 'audit.view')) return { kind: 'forbidden' as const };
	const zone = await loadClinicZone(db);
	const from = parseCalendarDate(form.from);
	const to = parseCalendarDate(form.to);
	const patient = Number(form.patient);
	const person = (form.person ?? '').trim().slice(0, 100);
	const events = await listAuditEvents(db, {
		actorLabel: person || undefined,
		patientId: Number.isSafeInteger(patient) && patient > 0 ? patient : undefined,
		since: from?.toZonedDateTime({ timeZone: zone.timeZone }).toInstant(),
		until: to?.add({ days: 1 }).toZonedDateTime({ timeZone: zone.timeZone }).toInstant(),
		limit: 500
	});
	await appendAuditEvent(db, {
		at: context.now,
		actor: staffAuditActor(staff),
		action: 'audit.view',
		after: { person, patient: form.patient ?? null, from: form.from ?? null, to: form.to ?? null },
		ip: context.request?.ip,
		requestId: context.request?.requestId
	});
	return {
		kind: 'ok' as const,
		filter: {
			person,
			patient: form.patient ?? '',
			from: from?.toString() ?? '',
			to: to?.toString() ?? ''
		},
		events: events.map((event) => {
			const when = formatAppointmentTime(event.at, event.at, zone.timeZone, zone.city);
			return {
				id: event.id,
				when: `${when.date}, ${when.startTime} ${when.zoneAbbreviation}`,
				at: event.at.toString(),
				who: `${event.actor.label} (${event.actor.type})`,
				action: event.action,
				patientId: event.patientId ?? null,
				subject: event.subject ? `${event.subject.type} ${event.subject.id}` : '',
				ip: event.ip ?? '',
				change:
					event.before !== undefined || event.after !== undefined
						? JSON.stringify({ before: event.before, after: event.after })
						: ''
			};
		})
	};
}
