import type { Kysely } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import type { DialectName } from '../db/connection';
import { purgeIdempotencyKeys } from '../db/repositories/idempotency-repository';
import {
	appointmentVersion,
	claimDueMessages,
	markFailedAttempt,
	markSent,
	markSkipped,
	releaseClaims,
	type OutboxMessage
} from '../db/repositories/outbox-repository';
import { remindersWantedFor } from '../db/repositories/patient-record-repository';
import { markInvitationSent } from '../db/repositories/testimonial-publication-repository';
import type { Database } from '../db/schema';
import { logger } from '../logger';
import { loadClinicContact } from '../services/clinic-contact';
import { fillLinks, mintLinks } from './links';
import './link-purposes';
import type { MailTransport } from './transport';

/** Attempts before a message is given up and left for staff to see. */
export const maxAttempts = 12;

/** Wait before attempt `n + 1` after `n` failures: 30 s doubling, at most an hour. */
export function retryDelaySeconds(failures: number): number {
	return Math.min(30 * 2 ** Math.max(0, failures - 1), 3600);
}

export interface DeliveryReport {
	sent: number;
	skipped: number;
	failed: number;
	/**
	 * Set (to the error) when the round stopped because the mail server could not be used at
	 * all; the messages not sent kept their place and their attempts (ADR 0027).
	 */
	transportUnavailable?: string;
}

/**
 * Whether a sending error means the mail server cannot be used at all right now (connection
 * refused or dropped, timeout, DNS, TLS, "421 service not available"), as opposed to this
 * one message being refused. An outage is not the messages' fault: counting it against each
 * of them would give up on them after a long one, and would send them out of order after it.
 */
export function isTransportUnavailable(error: unknown): boolean {
	const { code, command, responseCode } = (error ?? {}) as {
		code?: string;
		command?: string;
		responseCode?: number;
	};
	return (
		command === 'CONN' ||
		responseCode === 421 ||
		['ECONNECTION', 'ESOCKET', 'ETIMEDOUT', 'EDNS', 'ETLS', 'ECONNREFUSED', 'ECONNRESET'].includes(
			code ?? ''
		)
	);
}

class TransportUnavailable extends Error {}

/**
 * Sends every message that is due, oldest due time first. Each message is claimed for a
 * lease first, so a second worker (another app instance) never sends it at the same time;
 * it is marked sent only after the transport accepted it.
 */
export async function deliverDueMessages(
	db: Kysely<Database>,
	dialect: DialectName,
	transport: MailTransport,
	options: { now: () => Temporal.Instant; uidDomain: string; batchSize?: number }
): Promise<DeliveryReport> {
	const report: DeliveryReport = { sent: 0, skipped: 0, failed: 0 };
	for (;;) {
		const batch = await claimDueMessages(db, dialect, {
			now: options.now(),
			limit: options.batchSize ?? 20,
			leaseSeconds: 120
		});
		if (batch.length === 0) return report;
		const clinic = await loadClinicContact(db);
		for (const [index, message] of batch.entries()) {
			let outcome: 'sent' | 'skipped' | 'failed';
			try {
				outcome = await deliverOne(db, transport, message, {
					now: options.now(),
					from: { name: clinic.name, address: clinic.email },
					uidDomain: options.uidDomain
				});
			} catch (error) {
				if (!(error instanceof TransportUnavailable)) throw error;
				// This message and the rest of the batch wait, due order intact, for the next round.
				await releaseClaims(
					db,
					batch.slice(index).map((entry) => entry.id)
				);
				report.transportUnavailable = error.message;
				return report;
			}
			report[outcome]++;
		}
	}
}

/**
 * Sends one message this worker has claimed: skips a stale reminder, mints the email's links
 * (ADR 0031), hands it to the transport, and records the outcome. Exported for tests that
 * send one particular email; the worker sends through {@link deliverDueMessages}.
 * @throws when the mail server is unavailable (the claim is then the caller's to release).
 */
export async function deliverClaimedMessage(
	db: Kysely<Database>,
	transport: MailTransport,
	message: OutboxMessage,
	context: { now: Temporal.Instant; from: { name: string; address: string }; uidDomain: string }
): Promise<'sent' | 'skipped' | 'failed'> {
	return deliverOne(db, transport, message, context);
}

async function deliverOne(
	db: Kysely<Database>,
	transport: MailTransport,
	message: OutboxMessage,
	context: { now: Temporal.Instant; from: { name: string; address: string }; uidDomain: string }
): Promise<'sent' | 'skipped' | 'failed'> {
	if (message.kind === 'reminder' && message.appointmentId !== null) {
		const current = await appointmentVersion(db, message.appointmentId);
		if (
			!current ||
			current.status === 'cancelled' ||
			current.sequence !== message.appointmentSequence
		) {
			await markSkipped(db, message.id, 'the appointment changed after this reminder was written');
			return 'skipped';
		}
		// Asked at sending time, so a preference changed after booking still counts. Only the
		// reminder is optional: confirmations and changes are part of the booking itself.
		if (!(await remindersWantedFor(db, message.appointmentId))) {
			await markSkipped(db, message.id, 'the patient asked for no reminder emails');
			return 'skipped';
		}
	}
	let email = message.payload;
	if (email.links && Object.keys(email.links).length > 0) {
		// The tokens are made now, their hashes stored, and the links exist in clear only in
		// the email handed to the mail server (ADR 0031). A retry mints new ones.
		const urls = await mintLinks(
			db,
			email.links,
			email.linkOrigin ?? `https://${context.uidDomain}`,
			{
				now: context.now,
				recipient: message.recipient,
				outboxId: message.id,
				appointmentId: message.appointmentId
			}
		);
		if (!urls) {
			await markSkipped(db, message.id, 'a link in this email was replaced or withdrawn');
			return 'skipped';
		}
		email = fillLinks(email, urls);
	}
	try {
		await transport.send({
			from: context.from,
			to: message.recipient,
			subject: email.subject,
			text: email.text,
			html: email.html,
			calendar: email.calendar,
			messageId: `<outbox-${message.id}.${message.kind}@${context.uidDomain}>`
		});
	} catch (error) {
		if (isTransportUnavailable(error)) throw new TransportUnavailable((error as Error).message);
		const failures = message.attempts + 1;
		const retryAt =
			failures >= maxAttempts ? null : context.now.add({ seconds: retryDelaySeconds(failures) });
		await markFailedAttempt(db, message.id, { error: (error as Error).message, retryAt });
		logger.warn(
			{ outboxId: message.id, kind: message.kind, failures, gaveUp: retryAt === null },
			'email delivery failed'
		);
		return 'failed';
	}
	await markSent(db, message.id, context.now);
	if (message.kind === 'feedback_invitation' && message.appointmentId !== null) {
		// The invitation's record says when it actually went out, for the owner's figures.
		await markInvitationSent(db, message.appointmentId, context.now);
	}
	return 'sent';
}

/**
 * Work the worker runs now and then between delivery rounds (queueing feedback invitations,
 * say). A job must be safe to run twice and on two instances at once: the worker only spaces
 * the runs out.
 */
export interface PeriodicJob {
	name: string;
	everyMs: number;
	run(now: Temporal.Instant): Promise<unknown>;
}

/** A running worker: `nudge()` asks for a delivery round now, `stop()` ends it. */
export interface OutboxWorker {
	nudge(): void;
	stop(): Promise<void>;
}

/** The longest pause of delivery while the mail server is unavailable (ADR 0027). */
export const maxTransportPauseMs = 30_000;

/**
 * Runs delivery rounds every `intervalMs` (and when nudged), one at a time, plus hourly
 * housekeeping (forgetting idempotency answers after a day; old rate-limit events are a
 * periodic job, purged by the longest configured window, ADR 0033) and the
 * periodic jobs it is given, each at most once per its `everyMs`, the first soon after start.
 * While the mail server is unavailable, delivery pauses (`intervalMs` doubling up to
 * {@link maxTransportPauseMs}) and then tries the oldest due message again.
 */
export function startOutboxWorker(
	db: Kysely<Database>,
	dialect: DialectName,
	transport: MailTransport,
	options: { intervalMs?: number; uidDomain: string; jobs?: readonly PeriodicJob[] }
): OutboxWorker {
	const now = () => Temporal.Now.instant();
	let running: Promise<void> | null = null;
	let stopped = false;
	let lastHousekeeping = 0;
	let pausedUntil = 0;
	let pauses = 0;
	const intervalMs = options.intervalMs ?? 2000;
	const lastJobRun = new Map<string, number>();
	const runDueJobs = async () => {
		for (const job of options.jobs ?? []) {
			if (Date.now() - (lastJobRun.get(job.name) ?? 0) < job.everyMs) continue;
			lastJobRun.set(job.name, Date.now());
			try {
				const result = await job.run(now());
				logger.info({ job: job.name, result }, 'periodic job ran');
			} catch (error) {
				// Two instances may race (a unique key refuses one); the next run catches up.
				logger.warn({ err: error, job: job.name }, 'periodic job failed');
			}
		}
	};
	const round = () => {
		if (running || stopped) return;
		running = (async () => {
			try {
				if (Date.now() >= pausedUntil) {
					const report = await deliverDueMessages(db, dialect, transport, {
						now,
						uidDomain: options.uidDomain
					});
					if (report.transportUnavailable) {
						pauses++;
						const pauseMs = Math.min(intervalMs * 2 ** (pauses - 1), maxTransportPauseMs);
						pausedUntil = Date.now() + pauseMs;
						logger.warn(
							{ error: report.transportUnavailable, retryInMs: pauseMs },
							'mail transport unavailable, delivery paused'
						);
					} else {
						pauses = 0;
					}
					const { sent, failed, skipped } = report;
					if (sent + failed + skipped > 0) logger.info({ sent, failed, skipped }, 'outbox round');
				}
				if (Date.now() - lastHousekeeping > 3_600_000) {
					lastHousekeeping = Date.now();
					await purgeIdempotencyKeys(db, now().subtract({ hours: 24 }));
				}
				await runDueJobs();
			} catch (error) {
				// The database may be briefly unavailable; the next round tries again.
				logger.warn({ err: error }, 'outbox round failed');
			} finally {
				running = null;
			}
		})();
	};
	const timer = setInterval(round, intervalMs);
	timer.unref();
	setTimeout(round, 0).unref();
	return {
		nudge: () => setTimeout(round, 0).unref(),
		async stop() {
			stopped = true;
			clearInterval(timer);
			await running;
			transport.close();
		}
	};
}
