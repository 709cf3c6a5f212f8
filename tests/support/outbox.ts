import type { Kysely } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import type { Database } from '../../src/lib/server/db/schema';
import { claimMessage } from '../../src/lib/server/db/repositories/outbox-repository';
import { deliverClaimedMessage } from '../../src/lib/server/mail/outbox-worker';
import type { MailTransport, OutgoingEmail } from '../../src/lib/server/mail/transport';

/*
 * Queued emails hold no links, only what is needed to mint them when they are sent
 * (ADR 0031). A test that needs the link a patient receives sends the email, as the worker
 * does, and reads the link out of what was sent.
 */

/** A transport that keeps what it is given. */
export function memoryTransport(): MailTransport & { sent: OutgoingEmail[] } {
	const sent: OutgoingEmail[] = [];
	return {
		description: 'memory',
		sent,
		async send(email) {
			sent.push(email);
		},
		close() {}
	};
}

/**
 * Sends the newest pending email of `kind` to `recipient` (claimed first, so that a running
 * server's worker does not send it too) and returns it as it was handed to the mail server.
 * @throws when there is no such email waiting, or it was not sent.
 */
export async function sendNewestEmail(
	db: Kysely<Database>,
	where: { kind: string; recipient: string },
	now: Temporal.Instant = Temporal.Now.instant()
): Promise<OutgoingEmail> {
	const row = await db
		.selectFrom('outbox_message')
		.select('id')
		.where('kind', '=', where.kind)
		.where('recipient', '=', where.recipient)
		.where('status', '=', 'pending')
		.orderBy('id', 'desc')
		.executeTakeFirst();
	if (!row) throw new Error(`no ${where.kind} email is waiting for ${where.recipient}`);
	const message = await claimMessage(db, row.id, { now, leaseSeconds: 120 });
	if (!message) throw new Error(`the ${where.kind} email to ${where.recipient} is claimed already`);
	const transport = memoryTransport();
	const outcome = await deliverClaimedMessage(db, transport, message, {
		now,
		from: { name: 'Test clinic', address: 'clinic@example.com' },
		uidDomain: 'clinic.example'
	});
	const [email] = transport.sent;
	if (outcome !== 'sent' || !email) throw new Error(`the ${where.kind} email was ${outcome}`);
	return email;
}

/** The first match of `pattern` (its first group) in an email's text. */
export function linkIn(email: OutgoingEmail, pattern: RegExp): string {
	const match = pattern.exec(email.text);
	if (!match?.[1]) throw new Error(`no link matching ${pattern} in "${email.subject}"`);
	return match[1];
}
