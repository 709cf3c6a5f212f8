import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { testNow, useDemoClinic } from '../../../../tests/support/booking';
import { testDialects } from '../../../../tests/support/databases';
import { queuePatientFeedbackInvitation } from '../../../../tests/support/feedback';
import { listInvitations } from '../db/repositories/feedback-repository';
import { deliverDueMessages, startOutboxWorker } from './outbox-worker';
import type { MailTransport, OutgoingEmail } from './transport';

const dialects = await testDialects();

/** A transport that keeps what it is given. */
function memoryTransport(): MailTransport & { sent: OutgoingEmail[] } {
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

/** Polls `check` every 20 ms for up to 5 s. */
async function eventually(check: () => boolean): Promise<void> {
	for (let waited = 0; waited < 5000 && !check(); waited += 20) {
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
	expect(check()).toBe(true);
}

describe.each(dialects)('the worker’s periodic jobs on %s', (dialect) => {
	const clinic = useDemoClinic(dialect);

	it('records when a feedback invitation actually went out', async () => {
		const db = clinic.db();
		await queuePatientFeedbackInvitation(db, clinic.ids, 'sent-at');
		expect((await listInvitations(db)).map((invitation) => invitation.sentAt)).toEqual([null]);
		const transport = memoryTransport();
		const sentAt = testNow.add({ minutes: 2 });
		await deliverDueMessages(db, dialect, transport, { now: () => sentAt, uidDomain: 'test' });
		expect(transport.sent.map((email) => email.subject)).toEqual([
			expect.stringMatching(/would you tell us how it is going/)
		]);
		const [invitation] = await listInvitations(db);
		expect(invitation?.sentAt?.toString()).toBe(sentAt.toString());
	});

	it('runs each job soon after start and not again before its interval, whatever it throws', async () => {
		const runs: Temporal.Instant[] = [];
		let failures = 0;
		const worker = startOutboxWorker(clinic.db(), dialect, memoryTransport(), {
			intervalMs: 10,
			uidDomain: 'test',
			jobs: [
				{ name: 'counting', everyMs: 60_000, run: async (now) => runs.push(now) },
				{
					name: 'failing',
					everyMs: 60_000,
					run: async () => {
						failures++;
						throw new Error('the database went away');
					}
				}
			]
		});
		try {
			await eventually(() => runs.length === 1 && failures === 1);
			// Many delivery rounds later, still once each.
			await new Promise((resolve) => setTimeout(resolve, 200));
			expect(runs).toHaveLength(1);
			expect(failures).toBe(1);
		} finally {
			await worker.stop();
		}
	});
});
