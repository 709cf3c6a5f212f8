import { createHash } from 'node:crypto';
import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';
import type { DialectName } from '../connection';
import { withId, type ClinicMigration } from './helpers';

/*
 * Nothing readable at rest for links (issue 12, ADR 0031).
 *
 * - `emailed_link`: links minted when their email is sent, by the hash of their token only,
 *   with what they open (an appointment, a patient, a permission) and the address the email
 *   went to. `/manage/<token>` accepts these as well as the link handed back at booking.
 * - Outbox rows waiting to be sent (or to be retried) held their links in clear. Each link is
 *   replaced by a placeholder and an intent that names the same record (the record already
 *   holds the old token's hash), so the worker mints a new link when it sends the email. Rows
 *   that will never be sent again (sent, skipped, given up) keep their subject only.
 * - Staff setup links (better-auth verifications `reset-password:<token>` and
 *   `owner-setup:<token>`) are stored by the hash of their identifier, as better-auth does with
 *   `storeIdentifier: 'hashed'`; the old staff invitation keys lose the token's first letters.
 *
 * Written out here, not imported, so that this migration stays what it was when it shipped.
 */

const placeholder = (name: string) => `https://link.invalid/${name}`;
const sha256Hex = (value: string) => createHash('sha256').update(value).digest('hex');
const linkPattern =
	/(https?:\/\/[^\s/<>"]+)\/(manage|feedback|testimonials\/revoke|admin\/setup)\/([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/g;

type Intent = Record<string, string | number | null>;

interface Payload {
	subject: string;
	text: string;
	html?: string;
	calendar?: { method: string; content: string };
	links?: Record<string, Intent>;
	linkOrigin?: string;
}

export const emailedLinks: ClinicMigration = {
	async up(db: Kysely<unknown>, dialect: DialectName) {
		const instant = dialect === 'postgres' ? 'timestamptz' : 'text';
		const required = (column: ColumnDefinitionBuilder) => column.notNull();
		await withId(db.schema.createTable('emailed_link'), dialect)
			.addColumn('token_hash', 'text', (c) => c.notNull().unique())
			.addColumn('purpose', 'text', required)
			.addColumn('appointment_id', 'integer', (c) =>
				c.references('appointment.id').onDelete('cascade')
			)
			.addColumn('patient_id', 'integer', (c) => c.references('patient.id').onDelete('cascade'))
			.addColumn('subject_id', 'integer')
			.addColumn('email_normalized', 'text', required)
			.addColumn('created_at', instant, required)
			.addColumn('expires_at', instant)
			.addColumn('used_at', instant)
			.execute();
		await db.schema
			.createIndex('emailed_link_appointment')
			.on('emailed_link')
			.column('appointment_id')
			.execute();
		await db.schema
			.createIndex('emailed_link_patient')
			.on('emailed_link')
			.column('patient_id')
			.execute();

		await convertStoredLinks(db);
	}
};

/**
 * After this migration ran on SQLite (outside its transaction): the rows it rewrote leave
 * their old text in free space of the file and in the WAL until overwritten, and so in any
 * copy of the file. VACUUM rebuilds the file from live rows only, and the checkpoint empties
 * the WAL. PostgreSQL's dumps hold live rows only.
 */
export async function compactAfterEmailedLinks<DB>(db: Kysely<DB>): Promise<void> {
	await sql`vacuum`.execute(db);
	await sql`pragma wal_checkpoint(truncate)`.execute(db);
}

/**
 * The data part of this migration: pending outbox rows get intents instead of links, finished
 * ones their subject only, setup links their hashed identifier. Exported for its test, which
 * writes rows the way the code before this migration did and runs this on them.
 */
export async function convertStoredLinks<DB>(db: Kysely<DB>): Promise<void> {
	const trx = db as unknown as Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
	const rows: { id: number; status: string; payload_json: string }[] = await trx
		.selectFrom('outbox_message')
		.select(['id', 'status', 'payload_json'])
		.execute();
	for (const row of rows) {
		const payload = JSON.parse(row.payload_json) as Payload;
		const next =
			row.status === 'pending'
				? await intentsFor(trx, payload)
				: { subject: payload.subject, text: '' };
		const json = JSON.stringify(next);
		if (json !== row.payload_json) {
			await trx
				.updateTable('outbox_message')
				.set({ payload_json: json })
				.where('id', '=', row.id)
				.execute();
		}
	}
	await trx
		.updateTable('outbox_message')
		.set({ dedupe_key: sql`'staff_invite:migrated:' || ${sql.ref('id')}` })
		.where('kind', '=', 'staff_invite')
		.execute();

	const verifications: { id: string; identifier: string }[] = await trx
		.selectFrom('staff_verification')
		.select(['id', 'identifier'])
		.where((eb) =>
			eb.or([
				eb('identifier', 'like', 'reset-password:%'),
				eb('identifier', 'like', 'owner-setup:%')
			])
		)
		.execute();
	for (const verification of verifications) {
		await trx
			.updateTable('staff_verification')
			.set({
				identifier: createHash('sha256').update(verification.identifier).digest('base64url')
			})
			.where('id', '=', verification.id)
			.execute();
	}
}

/**
 * A pending email with each link in its text, html and calendar file replaced by a
 * placeholder and an intent for the same record. A link whose record no longer takes it (an
 * appointment's link replaced by a staff move) gets an intent the worker will refuse, so the
 * email is skipped rather than sent with a dead link, as it would have been.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function intentsFor(db: Kysely<any>, payload: Payload): Promise<Payload> {
	const links: Record<string, Intent> = { ...(payload.links ?? {}) };
	let origin = payload.linkOrigin;
	const found = new Map<string, string>();
	const collect = (value: string) => {
		for (const match of value.matchAll(linkPattern)) {
			found.set(`${match[2]}/${match[3]}`, match[1]!);
		}
	};
	const unfold = (content: string) => content.replace(/\r?\n[ \t]/g, '');
	collect(payload.text);
	if (payload.html) collect(payload.html);
	if (payload.calendar) collect(unfold(payload.calendar.content));
	if (found.size === 0) return payload;
	const names = new Map<string, string>();
	let counter = 0;
	for (const [key, linkOrigin] of found) {
		const [kind, token] = [key.slice(0, key.lastIndexOf('/')), key.slice(key.lastIndexOf('/') + 1)];
		origin ??= linkOrigin;
		const name = `legacy${counter++}`;
		names.set(key, name);
		links[name] = await intentForToken(db, kind, token);
	}
	const replace = (value: string) =>
		value.replace(linkPattern, (_match, _origin, kind: string, token: string) =>
			placeholder(names.get(`${kind}/${token}`)!)
		);
	const next: Payload = { ...payload, subject: payload.subject, text: replace(payload.text) };
	if (payload.html) next.html = replace(payload.html);
	if (payload.calendar) {
		next.calendar = { ...payload.calendar, content: replace(unfold(payload.calendar.content)) };
	}
	next.links = links;
	next.linkOrigin = origin;
	return next;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function intentForToken(db: Kysely<any>, kind: string, token: string): Promise<Intent> {
	const hash = sha256Hex(token);
	if (kind === 'manage') {
		const appointment = await db
			.selectFrom('appointment')
			.select('id')
			.where('manage_token_hash', '=', hash)
			.executeTakeFirst();
		// An unknown link: the intent names no appointment, and the worker skips the email.
		return {
			purpose: 'appointment_manage',
			appointmentId: appointment?.id ?? 0,
			bookingTokenHash: hash
		};
	}
	if (kind === 'feedback') {
		const invitation = await db
			.selectFrom('feedback_invitation')
			.select('id')
			.where('token_hash', '=', hash)
			.executeTakeFirst();
		return { purpose: 'feedback_invitation', invitationId: invitation?.id ?? 0 };
	}
	if (kind === 'testimonials/revoke') {
		const authorization = await db
			.selectFrom('testimonial_authorization')
			.select('id')
			.where('revoke_token_hash', '=', hash)
			.executeTakeFirst();
		return { purpose: 'testimonial_revoke', authorizationId: authorization?.id ?? 0 };
	}
	const verification = await db
		.selectFrom('staff_verification')
		.select('value')
		.where('identifier', '=', `reset-password:${token}`)
		.executeTakeFirst();
	return { purpose: 'staff_setup', userId: verification?.value ?? '' };
}
