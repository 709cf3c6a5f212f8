import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { beforeEach, describe, expect, it } from 'vitest';
import {
	bookOrFail,
	inputFor,
	localDate,
	openSlots,
	testNow,
	testOrigin,
	useDemoClinic
} from '../../../../tests/support/booking';
import { testDialects } from '../../../../tests/support/databases';
import { linkIn, sendNewestEmail } from '../../../../tests/support/outbox';
import { insertAppointment } from '../db/repositories/appointment-repository';
import { listAuditEvents } from '../db/repositories/audit-repository';
import { insertConsentSignature } from '../db/repositories/consent-repository';
import type { Database } from '../db/schema';
import { ensureCurrentConsentVersion } from './consent';
import {
	cancelFromAccount,
	loadAccount,
	loadAccountConsent,
	loadAccountIntake,
	loadAccountMove,
	moveFromAccount
} from './patient-account';
import {
	endPatientSessionByToken,
	findPatientSession,
	requestSignInLink,
	signInLinkUsable,
	startPatientSession
} from './patient-sign-in';
import { hashToken, newSecretToken } from './tokens';

const dialects = await testDialects();

const demoEmail = 'demo.patient.01@example.com';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const at = (minutes: number) => testNow.add({ minutes });

/** Every row of every table, as text: where a token would be if it were stored anywhere. */
async function wholeDatabase(db: Kysely<Database>): Promise<string> {
	const tables = await db.introspection.getTables();
	const parts: string[] = [];
	for (const table of tables) {
		const rows = await sql`select * from ${sql.table(table.name)}`.execute(db);
		parts.push(JSON.stringify(rows.rows));
	}
	return parts.join('\n');
}

describe.each(dialects)('patient sign-in and own page on %s', (dialect) => {
	const clinic = useDemoClinic(dialect);
	const db = clinic.db;
	// Each test starts with no sign-in requests counted (the rate-limit test counts its own).
	beforeEach(async () => {
		await db().deleteFrom('rate_limit_event').execute();
	});
	let ipCounter = 0;
	/** A fresh client address per request group, so rate limits of one test spare the others. */
	const freshIp = () => `198.51.100.${++ipCounter}`;
	const context = (now = testNow, ip = freshIp()) => ({
		now,
		origin: testOrigin,
		request: { ip, requestId: `req-${ip}` },
		minimumDurationMs: 0
	});

	const signInMessages = () =>
		db()
			.selectFrom('outbox_message')
			.select(['id', 'recipient', 'payload_json', 'status'])
			.where('kind', '=', 'patient_sign_in')
			.orderBy('id')
			.execute();
	/**
	 * The token in the newest sign-in email, as it is sent: the outbox holds no link, only what
	 * mints it (ADR 0031), so the email is sent at `now` and the link read from it.
	 */
	const newestLinkToken = async (now = testNow) => {
		const message = (await signInMessages()).at(-1);
		if (!message) throw new Error('no sign-in email in the outbox');
		expect(message.payload_json).not.toMatch(/\/account\/sign-in\/[A-Za-z0-9_-]{43}/);
		const email = await sendNewestEmail(
			db(),
			{ kind: 'patient_sign_in', recipient: message.recipient },
			now
		);
		return linkIn(email, /\/account\/sign-in\/([A-Za-z0-9_-]{43})/);
	};
	/** Asks for a link for `email` at `now` and signs in with it; the session and its token. */
	const signIn = async (email: string, now = testNow) => {
		expect(await requestSignInLink(db(), { email }, context(now))).toEqual({ kind: 'answered' });
		const started = await startPatientSession(db(), await newestLinkToken(now), context(now));
		if (started.kind !== 'signed_in') throw new Error('could not sign in');
		const session = await findPatientSession(db(), started.token, now);
		if (!session) throw new Error('no session after signing in');
		return { token: started.token, session };
	};
	const patientId = async (email: string) =>
		(
			await db()
				.selectFrom('patient')
				.select('id')
				.where('email_normalized', '=', email)
				.executeTakeFirstOrThrow()
		).id;
	/** An upcoming visit for a patient record, straight through the repository. */
	const visitFor = async (patient: number, date: string, index = 0) => {
		const slot = (
			await openSlots(db(), {
				serviceId: clinic.ids.service.followUp,
				practitionerId: clinic.ids.mei,
				from: localDate(date),
				to: localDate(date)
			})
		)[index];
		if (!slot) throw new Error(`no open slot on ${date}`);
		return insertAppointment(db(), {
			locationId: slot.locationId,
			practitionerId: slot.practitionerId,
			roomId: slot.roomId,
			serviceId: clinic.ids.service.followUp,
			patientId: patient,
			start: slot.start,
			end: slot.end,
			blockedFrom: slot.start,
			blockedUntil: slot.end,
			isNewPatient: false,
			note: null,
			source: 'staff',
			needsReview: false,
			manageTokenHash: newSecretToken().hash,
			now: testNow
		});
	};

	it('answers the same for a known and an unknown address, and emails only the known one', async () => {
		const before = (await signInMessages()).length;
		const timed = async (email: string) => {
			const started = performance.now();
			const result = await requestSignInLink(
				db(),
				{ email },
				{ ...context(), minimumDurationMs: 150 }
			);
			return { result, ms: performance.now() - started };
		};
		const known = await timed(`  ${demoEmail.toUpperCase()} `);
		const unknown = await timed('nobody-here@example.com');
		expect(known.result).toEqual({ kind: 'answered' });
		expect(unknown.result).toEqual(known.result);
		// Neither answers before the floor, so timing does not tell them apart.
		expect(known.ms).toBeGreaterThanOrEqual(149);
		expect(unknown.ms).toBeGreaterThanOrEqual(149);
		const messages = (await signInMessages()).slice(before);
		expect(messages.map((message) => message.recipient)).toEqual([demoEmail]);
		const links = await db().selectFrom('patient_sign_in_link').selectAll().execute();
		expect(links.map((link) => link.email_normalized)).not.toContain('nobody-here@example.com');
	});

	it('refuses a malformed address with a message for the field, queueing nothing', async () => {
		const before = (await signInMessages()).length;
		expect(await requestSignInLink(db(), { email: 'not an email' }, context())).toMatchObject({
			kind: 'invalid',
			email: 'not an email',
			message: expect.stringMatching(/email address/)
		});
		expect(await signInMessages()).toHaveLength(before);
	});

	it('stores only hashes: once the email is sent, neither token is anywhere in the database', async () => {
		await requestSignInLink(db(), { email: demoEmail }, context());
		// Before it is sent, the outbox holds what mints the link, not a link.
		const pending = (await signInMessages()).at(-1);
		expect(pending?.payload_json).not.toMatch(/\/account\/sign-in\/[A-Za-z0-9_-]{43}/);
		const email = await sendNewestEmail(
			db(),
			{ kind: 'patient_sign_in', recipient: demoEmail },
			testNow
		);
		const token = linkIn(email, /\/account\/sign-in\/([A-Za-z0-9_-]{43})/);
		const row = await db()
			.selectFrom('patient_sign_in_link')
			.select(['token_hash', 'expires_at'])
			.where('token_hash', '=', sha256(token))
			.executeTakeFirst();
		expect(row?.token_hash).toBe(sha256(token));
		expect(token).toHaveLength(43); // 32 random bytes, base64url
		expect(email.text).toContain(`${testOrigin.origin}/account/sign-in/${token}`);
		expect(email.text).not.toMatch(/\b(?:pain|appointment on)\b/i);
		const started = await startPatientSession(db(), token, context());
		if (started.kind !== 'signed_in') throw new Error('could not sign in');
		const everything = await wholeDatabase(db());
		expect(everything).not.toContain(token);
		expect(everything).not.toContain(started.token);
		expect(everything).toContain(sha256(started.token));
	});

	it('a link works once: of two concurrent sign-ins exactly one starts a session', async () => {
		await requestSignInLink(db(), { email: demoEmail }, context());
		const token = await newestLinkToken();
		// Opening the link (as a mail scanner would) uses nothing up.
		expect(await signInLinkUsable(db(), token, testNow)).toBe(true);
		expect(await signInLinkUsable(db(), token, testNow)).toBe(true);
		const sessionsBefore = await db().selectFrom('patient_session').select('id').execute();
		const results = await Promise.all([
			startPatientSession(db(), token, context()),
			startPatientSession(db(), token, context())
		]);
		expect(results.map((result) => result.kind).sort()).toEqual(['signed_in', 'unusable']);
		const sessionsAfter = await db().selectFrom('patient_session').select('id').execute();
		expect(sessionsAfter.length - sessionsBefore.length).toBe(1);
		expect(await startPatientSession(db(), token, context())).toEqual({ kind: 'unusable' });
		expect(await signInLinkUsable(db(), token, testNow)).toBe(false);
		for (const wrong of ['', 'garbage', newSecretToken().token, `${token.slice(0, -1)}x`]) {
			expect(await signInLinkUsable(db(), wrong, testNow)).toBe(false);
			expect(await startPatientSession(db(), wrong, context())).toEqual({ kind: 'unusable' });
		}
	});

	it('a link works for 15 minutes and not after', async () => {
		await requestSignInLink(db(), { email: demoEmail }, context());
		const late = await newestLinkToken();
		expect(await signInLinkUsable(db(), late, at(15))).toBe(false);
		expect(await startPatientSession(db(), late, context(at(15)))).toEqual({ kind: 'unusable' });
		await requestSignInLink(db(), { email: demoEmail }, context());
		const inTime = await newestLinkToken();
		const justInTime = testNow.add({ minutes: 14, seconds: 59 });
		expect(await signInLinkUsable(db(), inTime, justInTime)).toBe(true);
		expect((await startPatientSession(db(), inTime, context(justInTime))).kind).toBe('signed_in');
	});

	it('limits requests per email address and per client address, with no error', async () => {
		const email = 'limited-person@example.com';
		for (let i = 0; i < 3; i++) {
			expect(await requestSignInLink(db(), { email }, context())).toEqual({ kind: 'answered' });
		}
		expect(await requestSignInLink(db(), { email }, context())).toEqual({ kind: 'rate_limited' });
		// Known or not, the same limit: the answer does not tell them apart.
		const later = at(16);
		expect(await requestSignInLink(db(), { email }, context(later))).toEqual({ kind: 'answered' });

		const ip = freshIp();
		for (let i = 0; i < 10; i++) {
			const result = await requestSignInLink(
				db(),
				{ email: `walker-${i}@example.com` },
				context(testNow, ip)
			);
			expect(result).toEqual({ kind: 'answered' });
		}
		expect(
			await requestSignInLink(db(), { email: 'walker-x@example.com' }, context(testNow, ip))
		).toEqual({ kind: 'rate_limited' });
		// The bucket holds a hash of the address, not the address.
		const buckets = await db().selectFrom('rate_limit_event').select('bucket').execute();
		expect(buckets.map((row) => row.bucket).join('\n')).not.toContain(email);
	});

	it('signs out after 30 idle minutes; activity keeps the session, up to 8 hours', async () => {
		const { token } = await signIn(demoEmail);
		expect(await findPatientSession(db(), token, at(29))).not.toBeNull();
		expect(await findPatientSession(db(), token, at(58))).not.toBeNull();
		expect(await findPatientSession(db(), token, at(58 + 30))).toBeNull();
		expect(await findPatientSession(db(), token, at(58 + 31))).toBeNull();

		const busy = await signIn(demoEmail);
		let minute = 0;
		for (; minute < 8 * 60 - 20; minute += 20) {
			expect(await findPatientSession(db(), busy.token, at(minute))).not.toBeNull();
		}
		expect(await findPatientSession(db(), busy.token, at(8 * 60))).toBeNull();
	});

	it('signing out ends the session at once, and is recorded', async () => {
		const { token, session } = await signIn(demoEmail);
		await endPatientSessionByToken(db(), token, context());
		expect(await findPatientSession(db(), token, testNow)).toBeNull();
		const events = await listAuditEvents(db(), { patientId: await patientId(demoEmail) });
		expect(
			events.find(
				(event) =>
					event.action === 'patient.sign_out' && event.actor.id === `patient-session:${session.id}`
			)
		).toBeTruthy();
	});

	it('shows the session only the records with its email, and audits each health-data view', async () => {
		const demoId = await patientId(demoEmail);
		// Another patient with a visit, a health form and a signature.
		const slot = (
			await openSlots(db(), {
				serviceId: clinic.ids.service.initial,
				practitionerId: clinic.ids.mei,
				from: localDate('2027-03-08'),
				to: localDate('2027-03-08')
			})
		)[0];
		if (!slot) throw new Error('no slot');
		const other = await bookOrFail(db(), inputFor(slot, clinic.ids.service.initial, 'other'));
		const otherId = (
			await db()
				.selectFrom('appointment')
				.select('patient_id')
				.where('id', '=', other.body.id)
				.executeTakeFirstOrThrow()
		).patient_id;
		const version = await ensureCurrentConsentVersion(db(), testNow);
		const sign = (patient: number, name: string) =>
			insertConsentSignature(db(), {
				patientId: patient,
				appointmentId: null,
				documentId: version.id,
				textHash: version.textHash,
				typedName: name,
				at: testNow,
				ip: null
			});
		const demoSignature = await sign(demoId, 'Demo Patient 01');
		const otherSignature = await sign(otherId, 'Test Patient other');
		const intakes = await db()
			.selectFrom('intake_form')
			.select(['id', 'patient_id'])
			.where('submitted_at', 'is not', null)
			.execute();
		const demoIntake = intakes.find((row) => row.patient_id === demoId);
		const otherIntake = intakes.find((row) => row.patient_id !== demoId);
		if (!demoIntake || !otherIntake) throw new Error('the demo clinic has no submitted intakes');

		const { session } = await signIn(demoEmail);
		const ip = '203.0.113.44';
		const view = { now: testNow, request: { ip, requestId: 'req-view' } };
		const account = await loadAccount(db(), session, view);
		expect(account.patients.map((patient) => patient.id)).toEqual([demoId]);
		const [record] = account.patients;
		expect(record?.name).toBe('Demo Patient 01');
		expect(record?.healthForms.map((form) => form.id)).toEqual([demoIntake.id]);
		expect(record?.consents.map((consent) => consent.id)).toEqual([demoSignature]);
		expect(record?.progress.length).toBeGreaterThan(0);
		expect(record?.past.length).toBeGreaterThan(0);

		const intake = await loadAccountIntake(db(), session, demoIntake.id, view);
		expect(intake?.summary.length).toBeGreaterThan(0);
		const consent = await loadAccountConsent(db(), session, demoSignature, view);
		expect(consent?.form.typedName).toBe('Demo Patient 01');

		// Someone else's form, signature and visit: as if they did not exist.
		expect(await loadAccountIntake(db(), session, otherIntake.id, view)).toBeNull();
		expect(await loadAccountConsent(db(), session, otherSignature, view)).toBeNull();
		const change = { ...view, origin: testOrigin };
		expect(await cancelFromAccount(db(), session, other.body.id, change)).toEqual({
			kind: 'not_found'
		});
		const noSelection = { practitioner: null, month: null, date: null, start: null };
		expect(await loadAccountMove(db(), session, other.body.id, noSelection, testNow)).toBeNull();
		expect(
			await moveFromAccount(
				db(),
				session,
				other.body.id,
				{ start: slot.start.toString(), practitioner: 'any' },
				change
			)
		).toEqual({ kind: 'not_found' });
		const stillBooked = await db()
			.selectFrom('appointment')
			.select('status')
			.where('id', '=', other.body.id)
			.executeTakeFirstOrThrow();
		expect(stillBooked.status).toBe('booked');

		const events = (await listAuditEvents(db(), { patientId: demoId })).filter(
			(event) => event.requestId === 'req-view'
		);
		const expected = [
			['account.view', 'patient', String(demoId)],
			['intake.view', 'intake', String(demoIntake.id)],
			['consent.view', 'consent_signature', String(demoSignature)]
		];
		for (const [action, type, id] of expected) {
			expect(events.find((event) => event.action === action)).toMatchObject({
				actor: {
					type: 'patient',
					id: `patient-session:${session.id}`,
					label: 'Demo Patient 01 (by email link)'
				},
				patientId: demoId,
				subject: { type, id },
				ip
			});
		}
		// Nothing about the other patient was recorded as seen by this session.
		const otherEvents = await listAuditEvents(db(), { patientId: otherId });
		expect(otherEvents.filter((event) => event.requestId === 'req-view')).toEqual([]);
	});

	it('cancels and moves its own visits within the policy, with the emails and audit', async () => {
		const demoId = await patientId(demoEmail);
		const { session } = await signIn(demoEmail);
		const change = { now: testNow, origin: testOrigin, request: { ip: '203.0.113.45' } };

		const toCancel = await visitFor(demoId, '2027-03-10');
		expect(await cancelFromAccount(db(), session, toCancel.id, change)).toEqual({
			kind: 'cancelled'
		});
		expect(await cancelFromAccount(db(), session, toCancel.id, change)).toEqual({
			kind: 'already_cancelled'
		});

		const soon = await visitFor(demoId, '2027-03-01', 8);
		expect(await cancelFromAccount(db(), session, soon.id, change)).toMatchObject({
			kind: 'too_late'
		});

		const toMove = await visitFor(demoId, '2027-03-15');
		const movePage = await loadAccountMove(
			db(),
			session,
			toMove.id,
			{ practitioner: null, month: null, date: '2027-03-16', start: null },
			testNow
		);
		expect(movePage?.appointment.practitioner.slug).toBe('mei-lin-okafor');
		expect(movePage?.flow).not.toBeNull();
		// Inside the cutoff there are no steps to offer: the page says to call.
		expect(
			(
				await loadAccountMove(
					db(),
					session,
					soon.id,
					{ practitioner: null, month: null, date: null, start: null },
					testNow
				)
			)?.flow
		).toBeNull();
		const newSlot = (
			await openSlots(db(), {
				serviceId: clinic.ids.service.followUp,
				practitionerId: clinic.ids.mei,
				from: localDate('2027-03-16'),
				to: localDate('2027-03-16')
			})
		)[2];
		if (!newSlot) throw new Error('no slot to move to');
		const oldHash = (
			await db()
				.selectFrom('appointment')
				.select('manage_token_hash')
				.where('id', '=', toMove.id)
				.executeTakeFirstOrThrow()
		).manage_token_hash;
		const moved = await moveFromAccount(
			db(),
			session,
			toMove.id,
			{ start: newSlot.start.toString(), practitioner: 'mei-lin-okafor' },
			change
		);
		expect(moved.kind).toBe('moved');
		const row = await db()
			.selectFrom('appointment')
			.select(['starts_at', 'manage_token_hash', 'status'])
			.where('id', '=', toMove.id)
			.executeTakeFirstOrThrow();
		expect(Temporal.Instant.from(new Date(row.starts_at).toISOString()).equals(newSlot.start)).toBe(
			true
		);
		// The page holds no manage link: the "has moved" email carries a fresh one (ADR 0018).
		expect(row.manage_token_hash).not.toBe(oldHash);

		const kinds = await db()
			.selectFrom('outbox_message')
			.select(['kind', 'appointment_id'])
			.where('appointment_id', 'in', [toCancel.id, toMove.id])
			.execute();
		expect(kinds).toEqual(
			expect.arrayContaining([
				{ kind: 'cancellation', appointment_id: toCancel.id },
				{ kind: 'reschedule', appointment_id: toMove.id }
			])
		);
		const events = await listAuditEvents(db(), { patientId: demoId });
		for (const [action, id] of [
			['appointment.cancel', toCancel.id],
			['appointment.reschedule', toMove.id]
		] as const) {
			expect(
				events.find((event) => event.action === action && event.subject?.id === String(id))
			).toMatchObject({
				actor: { type: 'patient', label: 'Demo Patient 01 (by email link)' },
				ip: '203.0.113.45'
			});
		}
	});

	it('refuses, in the schema itself, a second session from one link', async () => {
		const [link] = await db().selectFrom('patient_sign_in_link').select('id').limit(1).execute();
		if (!link) throw new Error('no link yet');
		await expect(
			db()
				.insertInto('patient_session')
				.values(
					[1, 2].map((n) => ({
						token_hash: hashToken(`x${n}`),
						email_normalized: demoEmail,
						sign_in_link_id: link.id,
						created_at: testNow.toString(),
						last_seen_at: testNow.toString(),
						expires_at: testNow.toString(),
						ended_at: null
					}))
				)
				.execute()
		).rejects.toThrow();
	});
});
