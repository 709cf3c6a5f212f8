import { createHash } from 'node:crypto';
import { sendNewestEmail } from '../../../../tests/support/outbox';
import type { Kysely } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import {
	insertRaw,
	testNow,
	testOrigin,
	testPatient,
	useDemoClinic
} from '../../../../tests/support/booking';
import { testDialects } from '../../../../tests/support/databases';
import { inSample } from '$lib/domain/testimonials/invitation-policy';
import { incentiveWording } from '$lib/domain/testimonials/invitation-email';
import {
	authorizationTextToHash,
	defaultAuthorizationDocument
} from '$lib/domain/testimonials/authorization-document';
import { fromDbInstant, toDbInstant } from '../db/instant';
import type { Database } from '../db/schema';
import {
	findInvitationPolicy,
	listInvitations,
	updateInvitationPolicy
} from '../db/repositories/feedback-repository';
import { queueFeedbackInvitations } from './feedback-invitations';

const dialects = await testDialects();

/** Invitations start here in these tests (after the seeded demo history, before the visits). */
const testStart = Temporal.Instant.from('2027-01-01T00:00:00Z');

describe.each(dialects)('feedback invitations on %s', (dialect) => {
	const clinic = useDemoClinic(dialect);
	let slot = 0;

	/** Completed visits for a test patient, a day apart, ending by `lastEnd`. */
	async function visits(
		patient: string,
		count: number,
		options: { lastStart?: Temporal.Instant; status?: string } = {}
	) {
		const db = clinic.db();
		const lastStart = options.lastStart ?? testNow.subtract({ hours: 24 * 3 });
		const ids: number[] = [];
		for (let n = count - 1; n >= 0; n--) {
			// A distinct hour per visit in the whole file, so no two overlap.
			const start = lastStart.subtract({ hours: 24 * 7 * n }).add({ minutes: 90 * (slot++ % 300) });
			const appointment = await insertRaw(db, clinic.ids, {
				practitionerId: clinic.ids.mei,
				roomId: null,
				start,
				minutes: 60,
				patient
			});
			await db
				.updateTable('appointment')
				.set({ status: options.status ?? 'completed' })
				.where('id', '=', appointment.id)
				.execute();
			ids.push(appointment.id);
		}
		return ids;
	}

	async function patientId(db: Kysely<Database>, key: string) {
		const row = await db
			.selectFrom('patient')
			.select('id')
			.where('email', '=', testPatient(key).email)
			.executeTakeFirstOrThrow();
		return row.id;
	}

	async function invitationMessages(db: Kysely<Database>) {
		return db
			.selectFrom('outbox_message')
			.select(['recipient', 'payload_json', 'appointment_id'])
			.where('kind', '=', 'feedback_invitation')
			.execute();
	}

	const run = (now: Temporal.Instant = testNow) =>
		queueFeedbackInvitations(clinic.db(), { now, origin: testOrigin });

	const setPolicy = (change: { afterVisitNumbers: number[]; samplePercent: number }) =>
		updateInvitationPolicy(
			clinic.db(),
			{ ...change, atCourseEnd: false, startsAt: testStart },
			testNow
		);

	it('starts invitations when the migration ran, so the seeded demo history is never invited', async () => {
		const db = clinic.db();
		const policy = await findInvitationPolicy(db);
		const realNow = Temporal.Now.instant();
		expect(Temporal.Instant.compare(policy.startsAt, realNow)).toBeLessThanOrEqual(0);
		expect(Temporal.Instant.compare(policy.startsAt, realNow.subtract({ hours: 1 }))).toBe(1);
		expect(policy).toMatchObject({ afterVisitNumbers: [3], atCourseEnd: true, samplePercent: 100 });

		const demo = await db
			.selectFrom('appointment')
			.innerJoin('patient', 'patient.id', 'appointment.patient_id')
			.select(['appointment.ends_at'])
			.where('patient.name', 'like', 'Demo Patient %')
			.where('appointment.status', '=', 'completed')
			.execute();
		expect(demo.length).toBeGreaterThan(30);
		const lastDemoEnd = demo
			.map((row) => fromDbInstant(row.ends_at))
			.reduce((a, b) => (Temporal.Instant.compare(a, b) > 0 ? a : b));
		expect(Temporal.Instant.compare(lastDemoEnd, policy.startsAt)).toBe(-1);

		// The day after the last demo visit, and at the tests' clock: nobody is invited.
		for (const now of [
			lastDemoEnd.add({ hours: 24 }),
			policy.startsAt.add({ hours: 1 }),
			testNow
		]) {
			expect((await run(now)).invited).toBe(0);
		}
		expect(await listInvitations(db)).toEqual([]);
		expect(await invitationMessages(db)).toEqual([]);
	});

	it('invites once after the third completed visit; a second run queues nothing new', async () => {
		await setPolicy({ afterVisitNumbers: [3], samplePercent: 100 });
		const ids = await visits('third', 3);
		const first = await run();
		expect(first.invited).toBe(1);
		const db = clinic.db();
		const invitations = await listInvitations(db);
		expect(invitations).toHaveLength(1);
		expect(invitations[0]).toMatchObject({
			patientId: await patientId(db, 'third'),
			appointmentId: ids[2],
			reason: 'visit_number',
			visitNumber: 3,
			usedAt: null
		});
		expect((await run()).invited).toBe(0);
		expect((await run(testNow.add({ hours: 1 }))).invited).toBe(0);
		const messages = await invitationMessages(db);
		expect(messages).toHaveLength(1);
		expect(messages[0]?.recipient).toBe(testPatient('third').email);
	});

	it('the email names the clinic and the link, and no health detail or incentive', async () => {
		const db = clinic.db();
		const [message] = await invitationMessages(db);
		if (!message) throw new Error('expected an invitation email');
		// The queued email holds no link, only what mints it (ADR 0031); it is read as sent.
		expect(message.payload_json).not.toMatch(/\/feedback\/[A-Za-z0-9_-]{43}/);
		const payload = await sendNewestEmail(db, {
			kind: 'feedback_invitation',
			recipient: message.recipient
		});
		const clinicRow = await db.selectFrom('clinic').select('name').executeTakeFirstOrThrow();
		expect(payload.subject).toContain(clinicRow.name);
		expect(payload.text).toMatch(/https:\/\/clinic\.example\/feedback\/[A-Za-z0-9_-]{43}\n/);
		const [services, practitioners, conditions] = await Promise.all([
			db.selectFrom('service').select('name').execute(),
			db.selectFrom('practitioner').select('name').execute(),
			db.selectFrom('condition').select('name').execute()
		]);
		const email = `${payload.subject}\n${payload.text}`;
		for (const { name } of [...services, ...practitioners, ...conditions]) {
			expect(email).not.toContain(name);
		}
		expect(email).not.toMatch(/\b(?:pain|back|massage|Test Patient)\b/i);
		expect(email).not.toMatch(incentiveWording);
		// Only the hash of the link's token is stored.
		const token = /\/feedback\/([A-Za-z0-9_-]{43})/.exec(payload.text)?.[1] ?? '';
		const stored = await db
			.selectFrom('feedback_invitation')
			.select('token_hash')
			.executeTakeFirstOrThrow();
		expect(stored.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
	});

	it('keeps at most one open invitation per patient', async () => {
		await setPolicy({ afterVisitNumbers: [2, 3], samplePercent: 100 });
		const ids = await visits('two-chosen', 3);
		const db = clinic.db();
		const patient = await patientId(db, 'two-chosen');
		const mine = async () =>
			(await listInvitations(db))
				.filter((entry) => entry.patientId === patient)
				.map((entry) => entry.appointmentId);
		await run();
		expect(await mine()).toEqual([ids[1]]);

		// Still open a week later: the third visit waits.
		await run(testNow.add({ hours: 24 * 7 }));
		expect(await mine()).toEqual([ids[1]]);
		// Once the first has expired (30 days), the third visit is invited: still one open.
		await run(testNow.add({ hours: 24 * 31 }));
		expect(await mine()).toEqual([ids[1], ids[2]]);
	});

	it('does not count visits that were not completed, nor invite after them', async () => {
		await setPolicy({ afterVisitNumbers: [3], samplePercent: 100 });
		await visits('booked-third', 2);
		await visits('booked-third', 1, { status: 'no_show' });
		const db = clinic.db();
		const patient = await patientId(db, 'booked-third');
		await run();
		expect((await listInvitations(db)).some((entry) => entry.patientId === patient)).toBe(false);
	});

	it('samples deterministically: exactly the appointments the hash puts in the sample', async () => {
		await setPolicy({ afterVisitNumbers: [3], samplePercent: 50 });
		const db = clinic.db();
		const thirdVisits: number[] = [];
		for (let n = 0; n < 12; n++) {
			const ids = await visits(`sample-${n}`, 3);
			thirdVisits.push(ids[2] ?? 0);
		}
		const policy = await findInvitationPolicy(db);
		const expected = thirdVisits.filter((id) => inSample(policy, id));
		await run();
		await run();
		const invitedIds = new Set((await listInvitations(db)).map((entry) => entry.appointmentId));
		expect(thirdVisits.filter((id) => invitedIds.has(id))).toEqual(expected);
	});

	it('the append-only tables refuse updates and deletes', async () => {
		const db = clinic.db();
		const [invitation] = await listInvitations(db);
		if (!invitation) throw new Error('expected an invitation');
		const at = toDbInstant(testNow);
		const text = defaultAuthorizationDocument('Test clinic');
		const document = await db
			.insertInto('testimonial_authorization_document')
			.values({
				version: 1,
				title: text.title,
				elements_json: JSON.stringify(text),
				valid_for_years: text.validForYears,
				text_hash: createHash('sha256').update(authorizationTextToHash(text)).digest('hex'),
				created_at: at,
				created_by_name: 'test'
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const feedback = await db
			.insertInto('feedback')
			.values({
				invitation_id: invitation.id,
				patient_id: invitation.patientId,
				rating: 1,
				words: 'It did not help at all, sadly.',
				condition_id: null,
				created_at: at
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const authorization = await db
			.insertInto('testimonial_authorization')
			.values({
				feedback_id: feedback.id,
				patient_id: invitation.patientId,
				document_id: document.id,
				text_hash: 'x',
				naming: 'initials',
				display_name: 'T. T.',
				connection_kind: 'none',
				connection_text: null,
				typed_name: 'Test Patient third',
				signed_at: at,
				expires_on: '2030-02-28',
				revoke_token_hash: 'revoke-hash',
				ip: null
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const moderation = await db
			.insertInto('testimonial_moderation')
			.values({
				feedback_id: feedback.id,
				decision: 'publish',
				reason: null,
				note: null,
				decided_by_id: 'staff-1',
				decided_by_name: 'Owner',
				decided_at: at
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const revocation = await db
			.insertInto('testimonial_revocation')
			.values({ authorization_id: authorization.id, source: 'link', revoked_at: at, ip: null })
			.returning('id')
			.executeTakeFirstOrThrow();

		const rows = [
			['testimonial_authorization_document', document.id],
			['feedback', feedback.id],
			['testimonial_authorization', authorization.id],
			['testimonial_moderation', moderation.id],
			['testimonial_revocation', revocation.id]
		] as const;
		for (const [table, id] of rows) {
			await expect(
				db.updateTable(table).set({ id }).where('id', '=', id).execute()
			).rejects.toThrow(new RegExp(`${table}_is_append_only`));
			await expect(db.deleteFrom(table).where('id', '=', id).execute()).rejects.toThrow(
				new RegExp(`${table}_is_append_only`)
			);
		}
	});

	it('a decline must give one of the fixed reasons, never "negative"', async () => {
		const db = clinic.db();
		const feedback = await db.selectFrom('feedback').select('id').executeTakeFirstOrThrow();
		const decline = (reason: string | null) =>
			db
				.insertInto('testimonial_moderation')
				.values({
					feedback_id: feedback.id,
					decision: 'decline',
					reason,
					note: null,
					decided_by_id: 'staff-1',
					decided_by_name: 'Owner',
					decided_at: toDbInstant(testNow)
				})
				.execute();
		await expect(decline('negative')).rejects.toThrow();
		await expect(decline(null)).rejects.toThrow();
		await expect(decline('off_topic')).resolves.toBeDefined();
	});
});
