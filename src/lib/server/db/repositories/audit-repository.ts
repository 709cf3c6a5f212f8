import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { fromDbInstant, toDbInstant } from '../instant';
import type { Database } from '../schema';

export type AuditActorType = 'staff' | 'patient' | 'api' | 'system';

/** One thing that happened to patient data or to access, as it is recorded. */
export interface AuditEventInput {
	at: Temporal.Instant;
	actor: { type: AuditActorType; id?: string | null; label: string };
	/** What happened, e.g. 'appointment.book', 'appointment.cancel', 'patient.view'. */
	action: string;
	patientId?: number | null;
	subject?: { type: string; id: string | number } | null;
	before?: unknown;
	after?: unknown;
	ip?: string | null;
	requestId?: string | null;
}

export interface AuditEvent extends Omit<AuditEventInput, 'before' | 'after'> {
	id: number;
	before: unknown;
	after: unknown;
}

/** Appends one event, in the caller's transaction so it exists exactly when the change does. */
export async function appendAuditEvent(
	db: Kysely<Database>,
	event: AuditEventInput
): Promise<void> {
	await db
		.insertInto('audit_event')
		.values({
			occurred_at: toDbInstant(event.at),
			actor_type: event.actor.type,
			actor_id: event.actor.id ?? null,
			actor_label: event.actor.label,
			action: event.action,
			patient_id: event.patientId ?? null,
			subject_type: event.subject?.type ?? null,
			subject_id: event.subject ? String(event.subject.id) : null,
			before_json: event.before === undefined ? null : JSON.stringify(event.before),
			after_json: event.after === undefined ? null : JSON.stringify(event.after),
			ip: event.ip ?? null,
			request_id: event.requestId ?? null
		})
		.execute();
}

/** Events, newest first, optionally for one patient, one actor or from a time on. */
export async function listAuditEvents(
	db: Kysely<Database>,
	filter: {
		patientId?: number;
		actorId?: string;
		/** Part of the actor's label (a staff name or the email tried at sign-in). */
		actorLabel?: string;
		since?: Temporal.Instant;
		until?: Temporal.Instant;
		limit?: number;
	} = {}
): Promise<AuditEvent[]> {
	let query = db.selectFrom('audit_event').selectAll();
	if (filter.patientId !== undefined) query = query.where('patient_id', '=', filter.patientId);
	if (filter.actorId !== undefined) query = query.where('actor_id', '=', filter.actorId);
	if (filter.actorLabel) {
		const pattern = `%${filter.actorLabel.toLowerCase().replace(/[%_\\]/g, '')}%`;
		query = query.where((eb) => eb(eb.fn('lower', ['actor_label']), 'like', pattern));
	}
	if (filter.since) query = query.where('occurred_at', '>=', toDbInstant(filter.since));
	if (filter.until) query = query.where('occurred_at', '<', toDbInstant(filter.until));
	const rows = await query
		.orderBy('occurred_at', 'desc')
		.orderBy('id', 'desc')
		.limit(filter.limit ?? 200)
		.execute();
	return rows.map((row) => ({
		id: row.id,
		at: fromDbInstant(row.occurred_at),
		actor: { type: row.actor_type as AuditActorType, id: row.actor_id, label: row.actor_label },
		action: row.action,
		patientId: row.patient_id,
		subject: row.subject_type ? { type: row.subject_type, id: row.subject_id ?? '' } : null,
		before: row.before_json === null ? undefined : JSON.parse(row.before_json),
		after: row.after_json === null ? undefined : JSON.parse(row.after_json),
		ip: row.ip,
		requestId: row.request_id
	}));
}

/**
 * Appends many events in few statements (an import's one per created record), in the caller's
 * transaction.
 */
export async function appendAuditEvents(
	db: Kysely<Database>,
	events: readonly AuditEventInput[]
): Promise<void> {
	for (let start = 0; start < events.length; start += 500) {
		await db
			.insertInto('audit_event')
			.values(
				events.slice(start, start + 500).map((event) => ({
					occurred_at: toDbInstant(event.at),
					actor_type: event.actor.type,
					actor_id: event.actor.id ?? null,
					actor_label: event.actor.label,
					action: event.action,
					patient_id: event.patientId ?? null,
					subject_type: event.subject?.type ?? null,
					subject_id: event.subject ? String(event.subject.id) : null,
					before_json: event.before === undefined ? null : JSON.stringify(event.before),
					after_json: event.after === undefined ? null : JSON.stringify(event.after),
					ip: event.ip ?? null,
					request_id: event.requestId ?? null
				}))
			)
			.execute();
	}
}
