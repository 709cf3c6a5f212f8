import { describe, expect, it } from 'vitest';
import { testNow, testOrigin, useDemoClinic } from '../../../../tests/support/booking';
import { testDialects } from '../../../../tests/support/databases';
import { memoryTransport } from '../../../../tests/support/outbox';
import { enqueueMessage } from '../db/repositories/outbox-repository';
import { linkPlaceholder, registerLinkPurpose } from '../mail/links';
import { deliverDueMessages } from '../mail/outbox-worker';
import { mintEmailedLink, useEmailedLink } from './emailed-links';
import { hashToken } from './tokens';

const dialects = await testDialects();

// A purpose as another email would register it: a one-time link valid for 15 minutes.
registerLinkPurpose('test_one_time', async (db, intent, context) => {
	const token = await mintEmailedLink(db, {
		purpose: 'test_one_time',
		patientId: Number(intent.patientId),
		email: context.recipient,
		now: context.now,
		expiresAt: context.now.add({ minutes: 15 })
	});
	return `/test/one-time/${token}`;
});

describe.each(dialects)('emailed one-time links on %s', (dialect) => {
	const clinic = useDemoClinic(dialect);

	it('mints a registered purpose at sending; the link works once, within its time, for its purpose', async () => {
		const db = clinic.db();
		const patient = await db.selectFrom('patient').select('id').executeTakeFirstOrThrow();
		await enqueueMessage(db, {
			kind: 'confirmation',
			appointmentId: null,
			appointmentSequence: null,
			dedupeKey: 'test-one-time',
			recipient: 'Someone@Example.com',
			payload: {
				subject: 'Sign in',
				text: `Sign in: ${linkPlaceholder('signin')}\n`,
				links: { signin: { purpose: 'test_one_time', patientId: patient.id } },
				linkOrigin: testOrigin.origin
			},
			dueAt: testNow,
			now: testNow
		});
		const stored = await db
			.selectFrom('outbox_message')
			.select('payload_json')
			.where('dedupe_key', '=', 'test-one-time')
			.executeTakeFirstOrThrow();
		expect(stored.payload_json).not.toMatch(/one-time\/[\w-]{43}/);

		const transport = memoryTransport();
		await deliverDueMessages(db, dialect, transport, {
			now: () => testNow,
			uidDomain: 'clinic.example'
		});
		const token = /https:\/\/clinic\.example\/test\/one-time\/([\w-]{43})\n/.exec(
			transport.sent[0]?.text ?? ''
		)?.[1];
		if (!token) throw new Error('no link in the email');
		const row = await db
			.selectFrom('emailed_link')
			.selectAll()
			.where('token_hash', '=', hashToken(token))
			.executeTakeFirstOrThrow();
		expect(row).toMatchObject({
			purpose: 'test_one_time',
			email_normalized: 'someone@example.com'
		});

		expect(await useEmailedLink(db, token, 'patient_sign_in', testNow)).toBeNull();
		expect(
			await useEmailedLink(db, token, 'test_one_time', testNow.add({ minutes: 16 }))
		).toBeNull();
		const used = await useEmailedLink(db, token, 'test_one_time', testNow.add({ minutes: 14 }));
		expect(used).toMatchObject({ patientId: patient.id, email: 'someone@example.com' });
		expect(
			await useEmailedLink(db, token, 'test_one_time', testNow.add({ minutes: 14 }))
		).toBeNull();
	});
});
