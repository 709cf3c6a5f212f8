import { sql, type Kysely, type Selectable } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import type { DialectName } from '../connection';
import { fromDbInstant, toDbInstant } from '../instant';
import type { Database, OutboxMessageTable } from '../schema';
import type { LinkIntent } from '../../mail/links';

export type OutboxKind =
	| 'confirmation'
	| 'reschedule'
	| 'cancellation'
	| 'reminder'
	| 'staff_invite'
	/** To the clinic: a booking needs a clinician's review (names no patient or symptom). */
	| 'clinician_review'
	/** To a patient: an invitation to give feedback (names the clinic and the link only). */
	| 'feedback_invitation'
	/** To the clinic: new feedback arrived (names no patient, quotes nothing). */
	| 'feedback_received'
	/** To a patient: the copy of their permission to publish, with the revoke link. */
	| 'testimonial_authorization'
	/** To a patient: their permission is revoked and the words are off the website. */
	| 'testimonial_revocation'
	/** To a patient: a one-time link to sign in to their own page (ADR 0030). */
	| 'patient_sign_in';

/**
 * An email as written into the outbox. It never holds a token: where a link goes, the text
 * (and html, and calendar file) has a placeholder, and `links` says how to mint each link
 * when the email is sent (ADR 0031, `mail/links.ts`).
 */
export interface EmailPayload {
	subject: string;
	text: string;
	/** An HTML part, when the email has one. */
	html?: string;
	/** An iCalendar attachment, when the email carries one. */
	calendar?: { method: 'REQUEST' | 'CANCEL'; content: string };
	/** The link intents by placeholder name (`linkPlaceholder(name)` in the text). */
	links?: Record<string, LinkIntent>;
	/** The site's origin that minted paths are resolved against (`https://clinic.example`). */
	linkOrigin?: string;
}

export interface NewOutboxMessage {
	kind: OutboxKind;
	appointmentId: number | null;
	appointmentSequence: number | null;
	/** One message per key: writing the same key twice is a no-op, never a duplicate email. */
	dedupeKey: string;
	recipient: string;
	payload: EmailPayload;
	dueAt: Temporal.Instant;
	now: Temporal.Instant;
}

export interface OutboxMessage {
	id: number;
	kind: OutboxKind;
	appointmentId: number | null;
	appointmentSequence: number | null;
	recipient: string;
	payload: EmailPayload;
	dueAt: Temporal.Instant;
	attempts: number;
}

/** Writes a message into the outbox, in the caller's transaction. */
export async function enqueueMessage(
	db: Kysely<Database>,
	message: NewOutboxMessage
): Promise<void> {
	const due = toDbInstant(message.dueAt);
	await db
		.insertInto('outbox_message')
		.values({
			kind: message.kind,
			appointment_id: message.appointmentId,
			appointment_sequence: message.appointmentSequence,
			dedupe_key: message.dedupeKey,
			recipient: message.recipient,
			payload_json: JSON.stringify(message.payload),
			due_at: due,
			next_attempt_at: due,
			status: 'pending',
			created_at: toDbInstant(message.now)
		})
		.onConflict((conflict) => conflict.column('dedupe_key').doNothing())
		.execute();
}

/**
 * Claims up to `limit` messages that are due, in order of due time, for `leaseSeconds`. A
 * claimed message is invisible to other workers until its lease ends, so two app instances
 * never send the same message at once; on PostgreSQL rows are locked with SKIP LOCKED.
 */
export async function claimDueMessages(
	db: Kysely<Database>,
	dialect: DialectName,
	options: { now: Temporal.Instant; limit: number; leaseSeconds: number }
): Promise<OutboxMessage[]> {
	const now = toDbInstant(options.now);
	const lease = toDbInstant(options.now.add({ seconds: options.leaseSeconds }));
	return db.transaction().execute(async (trx) => {
		let query = trx
			.selectFrom('outbox_message')
			.selectAll()
			.where('status', '=', 'pending')
			.where('next_attempt_at', '<=', now)
			.where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
			.orderBy('due_at')
			.orderBy('id')
			.limit(options.limit);
		if (dialect === 'postgres') query = query.forUpdate().skipLocked();
		const rows = await query.execute();
		if (rows.length === 0) return [];
		await trx
			.updateTable('outbox_message')
			.set({ claimed_until: lease })
			.where(
				'id',
				'in',
				rows.map((row) => row.id)
			)
			.execute();
		return rows.map(toMessage);
	});
}

/**
 * Claims one pending message by id for `leaseSeconds`, as {@link claimDueMessages} does for
 * due ones (whatever its due time); null when it is not pending or another worker holds it.
 */
export async function claimMessage(
	db: Kysely<Database>,
	id: number,
	options: { now: Temporal.Instant; leaseSeconds: number }
): Promise<OutboxMessage | null> {
	const now = toDbInstant(options.now);
	const claimed = await db
		.updateTable('outbox_message')
		.set({ claimed_until: toDbInstant(options.now.add({ seconds: options.leaseSeconds })) })
		.where('id', '=', id)
		.where('status', '=', 'pending')
		.where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
		.executeTakeFirst();
	if (Number(claimed.numUpdatedRows) !== 1) return null;
	const row = await db
		.selectFrom('outbox_message')
		.selectAll()
		.where('id', '=', id)
		.executeTakeFirstOrThrow();
	return toMessage(row);
}

function toMessage(row: Selectable<OutboxMessageTable>): OutboxMessage {
	return {
		id: row.id,
		kind: row.kind as OutboxKind,
		appointmentId: row.appointment_id,
		appointmentSequence: row.appointment_sequence,
		recipient: row.recipient,
		payload: JSON.parse(row.payload_json) as EmailPayload,
		dueAt: fromDbInstant(row.due_at),
		attempts: row.attempts
	};
}

/**
 * A message's payload with only its subject kept, for a message that will never be sent
 * again (sent, skipped or given up): nothing of the email's body, links or their intents
 * stays; the subject stays for the record.
 */
async function subjectOnlyPayload(db: Kysely<Database>, id: number): Promise<string> {
	const row = await db
		.selectFrom('outbox_message')
		.select('payload_json')
		.where('id', '=', id)
		.executeTakeFirst();
	const subject = row ? (JSON.parse(row.payload_json) as EmailPayload).subject : '';
	return JSON.stringify({ subject, text: '' });
}

/** Marks a claimed message as sent, dropping its body (see subjectOnlyPayload). */
export async function markSent(db: Kysely<Database>, id: number, now: Temporal.Instant) {
	const payload = await subjectOnlyPayload(db, id);
	await db
		.updateTable('outbox_message')
		.set((eb) => ({
			status: 'sent',
			payload_json: payload,
			sent_at: toDbInstant(now),
			claimed_until: null,
			attempts: eb('attempts', '+', 1)
		}))
		.where('id', '=', id)
		.execute();
}

/**
 * Gives claimed messages back unchanged (no attempt counted), for the next round: the mail
 * server was unavailable before they could be sent.
 */
export async function releaseClaims(db: Kysely<Database>, ids: readonly number[]): Promise<void> {
	if (ids.length === 0) return;
	await db
		.updateTable('outbox_message')
		.set({ claimed_until: null })
		.where('id', 'in', [...ids])
		.where('status', '=', 'pending')
		.execute();
}

/**
 * Marks a message that no longer applies (a reminder for a moved or cancelled visit), dropping
 * its body as a sent one's is (see subjectOnlyPayload).
 */
export async function markSkipped(db: Kysely<Database>, id: number, reason: string) {
	const payload = await subjectOnlyPayload(db, id);
	await db
		.updateTable('outbox_message')
		.set({ status: 'skipped', payload_json: payload, claimed_until: null, last_error: reason })
		.where('id', '=', id)
		.execute();
}

/**
 * Records a failed attempt and when to try again, or gives up after the last attempt (the
 * body is dropped then, as a sent one's is).
 */
export async function markFailedAttempt(
	db: Kysely<Database>,
	id: number,
	change: { error: string; retryAt: Temporal.Instant | null }
) {
	const payload = change.retryAt ? null : await subjectOnlyPayload(db, id);
	await db
		.updateTable('outbox_message')
		.set((eb) => ({
			...(payload === null ? {} : { payload_json: payload }),
			status: change.retryAt ? 'pending' : 'failed',
			attempts: eb('attempts', '+', 1),
			next_attempt_at: change.retryAt ? toDbInstant(change.retryAt) : sql<string>`next_attempt_at`,
			claimed_until: null,
			last_error: change.error.slice(0, 500)
		}))
		.where('id', '=', id)
		.execute();
}

/** Counts messages by status (for tests, health and the staff workspace). */
export async function countMessagesByStatus(db: Kysely<Database>): Promise<Record<string, number>> {
	const rows = await db
		.selectFrom('outbox_message')
		.select(['status', (eb) => eb.fn.countAll<number>().as('count')])
		.groupBy('status')
		.execute();
	return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
}

/** The appointment's current sequence and status, to tell whether a message is stale. */
export async function appointmentVersion(
	db: Kysely<Database>,
	appointmentId: number
): Promise<{ sequence: number; status: string } | null> {
	const row = await db
		.selectFrom('appointment')
		.select(['sequence', 'status'])
		.where('id', '=', appointmentId)
		.executeTakeFirst();
	return row ?? null;
}

/**
 * Sends a patient's unsent appointment emails to their corrected address, in the caller's
 * transaction: a reminder written before staff fixed a mistyped email must not carry the
 * patient's private manage link to the old address.
 */
export async function readdressPendingMessages(
	db: Kysely<Database>,
	patientId: number,
	recipient: string
): Promise<void> {
	await db
		.updateTable('outbox_message')
		.set({ recipient })
		.where('status', '=', 'pending')
		.where('appointment_id', 'in', (eb) =>
			eb.selectFrom('appointment').select('id').where('patient_id', '=', patientId)
		)
		.execute();
}
