import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import type { Database } from '../../src/lib/server/db/schema';
import { updateInvitationPolicy } from '../../src/lib/server/db/repositories/feedback-repository';
import { queueFeedbackInvitations } from '../../src/lib/server/services/feedback-invitations';
import { linkIn, sendNewestEmail } from './outbox';
import { insertRaw, testNow, testOrigin, testPatient, type DemoIds } from './booking';

/*
 * Test patients invited to give feedback the way a real one is: three completed visits, the
 * invitation run, and the link read out of the invitation email as it is sent (the outbox
 * holds no link; only its hash is stored).
 */

/** Patients invited so far in this process: each gets its own night-time slot. */
let invited = 0;

/**
 * Gives test patient `key` three completed weekly visits at night (clinic-closed hours, so they
 * never meet seeded bookings), the last at least three days before `now`, runs
 * the invitation job with every patient invited after the third visit, and returns the token
 * of the link in the patient's invitation email.
 */
export async function invitePatientForFeedback(
	db: Kysely<Database>,
	ids: DemoIds,
	key: string,
	now: Temporal.Instant = testNow,
	options: {
		/**
		 * The data folder of a running server: its worker sends the invitation, as to a real
		 * patient, and the link is read from the `.eml` file it writes.
		 */
		serverDataDir?: string;
	} = {}
): Promise<string> {
	await queuePatientFeedbackInvitation(db, ids, key, now);
	const pattern = /\/feedback\/([A-Za-z0-9_-]{43})/;
	if (options.serverDataDir) {
		const { mailTo, waitForEmails } = await import('./e2e-booking');
		const [email] = await waitForEmails(
			options.serverDataDir,
			mailTo(testPatient(key).email, /would you tell us how it is going/)
		);
		const token = pattern.exec(email?.text ?? '')?.[1];
		if (!token) throw new Error(`no feedback link was emailed to test patient ${key}`);
		return token;
	}
	return tokenFromEmail(db, 'feedback_invitation', key, pattern, now);
}

/** As {@link invitePatientForFeedback}, but leaves the invitation email waiting in the outbox. */
export async function queuePatientFeedbackInvitation(
	db: Kysely<Database>,
	ids: DemoIds,
	key: string,
	now: Temporal.Instant = testNow
): Promise<void> {
	// Patient k: half-hour slot k % 8 from 04:00 UTC, on day 3 + floor(k / 8) back; no two
	// patients share a practitioner's half-hour until the 56th.
	const k = invited++;
	if (k >= 56) throw new Error('invitePatientForFeedback: at most 56 patients per process');
	const lastStart = now
		.toZonedDateTimeISO('UTC')
		.subtract({ days: 3 + Math.floor(k / 8) })
		.with({ hour: 4, minute: 0, second: 0, millisecond: 0, microsecond: 0, nanosecond: 0 })
		.toInstant()
		.add({ minutes: 30 * (k % 8) });
	for (let n = 2; n >= 0; n--) {
		const appointment = await insertRaw(db, ids, {
			practitionerId: ids.mei,
			roomId: null,
			start: lastStart.subtract({ hours: 24 * 7 * n }),
			minutes: 30,
			patient: key
		});
		await db
			.updateTable('appointment')
			.set({ status: 'completed' })
			.where('id', '=', appointment.id)
			.execute();
	}
	// Invitations start just before this patient's first visit (the policy's start is the
	// migration's time otherwise, which a test clock may precede).
	await updateInvitationPolicy(
		db,
		{
			afterVisitNumbers: [3],
			atCourseEnd: false,
			samplePercent: 100,
			startsAt: lastStart.subtract({ hours: 24 * 14 + 1 })
		},
		now
	);
	await queueFeedbackInvitations(db, { now, origin: testOrigin });
}

/**
 * Sends the newest waiting email of `kind` to test patient `key` (its links are minted then,
 * ADR 0031) and returns the token found in it by `pattern`.
 */
export async function tokenFromEmail(
	db: Kysely<Database>,
	kind: string,
	key: string,
	pattern: RegExp,
	now?: Temporal.Instant
): Promise<string> {
	const email = await sendNewestEmail(db, { kind, recipient: testPatient(key).email }, now);
	return linkIn(email, pattern);
}
