import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Temporal } from 'temporal-polyfill';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
	bookOrFail,
	demoIds,
	inputFor,
	localDate,
	openSlots,
	testNow,
	testOrigin,
	tokenOf,
	type DemoIds
} from '../../../../tests/support/booking';
import { readCalendar } from '../../../../tests/support/calendar';
import {
	createTestDatabase,
	testDialects,
	type TestDatabase
} from '../../../../tests/support/databases';
import { leafParts, readEmail, type ReadableEmail } from '../../../../tests/support/mime';
import { startSmtpCapture, type SmtpCapture } from '../../../../tests/support/smtp';
import type { Kysely } from 'kysely';
import { fromDbInstant } from '../db/instant';
import { findManageLinkByTokenHash } from '../db/repositories/appointment-repository';
import type { Database } from '../db/schema';
import { seedDemoClinicIfEmpty } from '../db/seed/seed';
import { cancelByToken, rescheduleByToken } from '../services/manage-appointment';
import { hashToken } from '../services/tokens';
import { deliverDueMessages, maxAttempts } from './outbox-worker';
import { createMailTransport, type MailTransport } from './transport';

/*
 * The outbox worker against a real SMTP server in this process: what arrives is what a
 * patient's mail client would read, and ical.js reads the calendar part as a calendar would.
 */

const dialects = await testDialects();
const uidDomain = testOrigin.hostname;
const patient = { name: 'Jordan Rivers', email: 'jordan.rivers@example.com', phone: '4145550199' };
const privateNote = 'Sciatica down the left leg since the car accident';

/**
 * The manage link in an email's text: a link of its own, minted when the email was sent (not
 * the one handed back at booking), that opens the appointment (ADR 0031).
 */
async function emailedManageLink(
	db: Kysely<Database>,
	text: string | undefined,
	booked: { id: number; manageUrl: string }
): Promise<string> {
	const url = /https:\/\/clinic\.example\/manage\/[\w-]{43}/.exec(text ?? '')?.[0];
	if (!url) throw new Error('no manage link in the email');
	expect(url).not.toBe(booked.manageUrl);
	const link = await findManageLinkByTokenHash(db, hashToken(tokenOf(url)));
	expect(link).toMatchObject({
		via: 'email',
		email: patient.email,
		appointment: { id: booked.id }
	});
	return url;
}

describe.each(dialects)('appointment emails through SMTP on %s', (dialect) => {
	let smtp: SmtpCapture;
	let transport: MailTransport;
	let seen = 0;
	let database: TestDatabase;
	let ids: DemoIds;
	let serviceNames: string[];

	beforeAll(async () => {
		smtp = await startSmtpCapture();
		transport = createMailTransport({ smtpUrl: smtp.url, mailDir: '/nonexistent' });
	});
	afterAll(async () => {
		transport?.close();
		await smtp?.stop();
	});
	// A fresh clinic for each test: reminders due in one test must not go out in another.
	beforeEach(async () => {
		database = await createTestDatabase(dialect);
		await seedDemoClinicIfEmpty(database.handle.db);
		ids = await demoIds(database.handle.db);
		serviceNames = (await database.handle.db.selectFrom('service').select('name').execute()).map(
			(row) => row.name
		);
		seen = smtp.messages.length;
	});
	afterEach(async () => {
		await database?.dispose();
	});

	const db = () => database.handle.db;
	const deliver = (now: Temporal.Instant, via: MailTransport = transport) =>
		deliverDueMessages(db(), dialect, via, { now: () => now, uidDomain });
	/** Emails that arrived since the last call. */
	const arrived = (): ReadableEmail[] => {
		const fresh = smtp.messages.slice(seen);
		seen = smtp.messages.length;
		return fresh.map((message) => readEmail(message.raw));
	};
	const meiSlot = async (date: string, index = 0) => {
		const slot = (
			await openSlots(db(), {
				serviceId: ids.service.initial,
				practitionerId: ids.mei,
				from: localDate(date),
				to: localDate(date)
			})
		)[index];
		if (!slot) throw new Error(`no open slot on ${date}`);
		return slot;
	};
	const outboxRows = () =>
		db()
			.selectFrom('outbox_message')
			.select(['id', 'kind', 'status', 'attempts', 'next_attempt_at', 'last_error', 'recipient'])
			.orderBy('id')
			.execute();
	/** Nothing in an email may tell why the patient is coming. */
	const expectNothingPrivate = (email: ReadableEmail) => {
		for (const part of leafParts(email.mime)) {
			for (const name of serviceNames) expect(part.body).not.toContain(name);
			expect(part.body).not.toContain(privateNote);
			expect(part.body.toLowerCase()).not.toContain('sciatica');
		}
		for (const name of serviceNames) expect(email.subject).not.toContain(name);
	};

	it('sends one calendar entry through confirmation, reschedule and cancellation', async () => {
		const slot = await meiSlot('2027-03-10');
		// Wednesday 10 March, before daylight saving time: 9:00 am CST is 15:00 UTC.
		expect(slot.start.toString()).toBe('2027-03-10T15:00:00Z');
		const booked = await bookOrFail(
			db(),
			inputFor(slot, ids.service.initial, 'x', { patient, note: privateNote })
		);
		const token = tokenOf(booked.body.manageUrl);
		const uid = `appointment-${booked.body.id}@${uidDomain}`;

		expect(await deliver(testNow)).toEqual({ sent: 1, skipped: 0, failed: 0 });
		const [confirmation, ...extra] = arrived();
		expect(extra).toEqual([]);
		if (!confirmation) throw new Error('no confirmation arrived');
		expect(smtp.messages.at(-1)?.to).toEqual([patient.email]);
		expect(confirmation.subject).toBe('Your appointment at Harbor Lantern Acupuncture is booked');
		expect(confirmation.text).toContain('Hello Jordan,');
		expect(confirmation.text).toContain(
			'Wednesday, March 10, 2027, 9:00 am – 10:30 am CST (Milwaukee time)'
		);
		expect(confirmation.text).toContain('(414) 555-0142');
		const emailedUrl = await emailedManageLink(db(), confirmation.text, booked.body);
		expectNothingPrivate(confirmation);
		expect(confirmation.calendar?.method).toBe('REQUEST');
		const first = readCalendar(confirmation.calendar?.content ?? '');
		expect(first).toMatchObject({ method: 'REQUEST', uid, sequence: 0, utc: true });
		expect(first.dtstartLine).toBe('DTSTART:20270310T150000Z');
		expect(first.start.equals(slot.start)).toBe(true);
		expect(first.end.equals(slot.end)).toBe(true);
		expect(first.description).toContain(emailedUrl);

		// Delivering again sends nothing: no duplicate.
		expect(await deliver(testNow.add({ minutes: 1 }))).toEqual({ sent: 0, skipped: 0, failed: 0 });
		expect(arrived()).toEqual([]);

		// Moved to Wednesday 17 March, after the change to daylight saving time.
		const target = await meiSlot('2027-03-17');
		expect(target.start.toString()).toBe('2027-03-17T14:00:00Z');
		const movedAt = testNow.add({ hours: 1 });
		expect(
			await rescheduleByToken(
				db(),
				token,
				{ start: target.start, practitionerId: ids.mei },
				{ now: movedAt, origin: testOrigin }
			)
		).toMatchObject({ kind: 'moved' });
		expect(await deliver(movedAt)).toEqual({ sent: 1, skipped: 0, failed: 0 });
		const [moved] = arrived();
		expect(moved?.subject).toContain('has moved');
		expect(moved?.text).toContain(
			'Wednesday, March 17, 2027, 9:00 am – 10:30 am CDT (Milwaukee time)'
		);
		expect(moved?.text).not.toContain('March 10');
		expectNothingPrivate(moved!);
		const second = readCalendar(moved?.calendar?.content ?? '');
		expect(second).toMatchObject({ method: 'REQUEST', uid, sequence: 1, utc: true });
		expect(second.dtstartLine).toBe('DTSTART:20270317T140000Z');

		const cancelledAt = testNow.add({ hours: 2 });
		expect(await cancelByToken(db(), token, { now: cancelledAt, origin: testOrigin })).toEqual({
			kind: 'cancelled'
		});
		expect(await deliver(cancelledAt)).toEqual({ sent: 1, skipped: 0, failed: 0 });
		const [cancellation] = arrived();
		expect(cancellation?.subject).toContain('is cancelled');
		expect(cancellation?.text).toContain('Wednesday, March 17, 2027, 9:00 am');
		expectNothingPrivate(cancellation!);
		expect(cancellation?.calendar?.method).toBe('CANCEL');
		const third = readCalendar(cancellation?.calendar?.content ?? '');
		expect(third).toMatchObject({ method: 'CANCEL', uid, sequence: 2, status: 'CANCELLED' });
		expect(third.start.equals(target.start)).toBe(true);

		// Every message had its own Message-ID.
		const messageIds = [confirmation, moved, cancellation].map((email) => email?.messageId);
		expect(new Set(messageIds).size).toBe(3);

		// Both reminders (for the first and the moved time) are now stale: nothing more goes out.
		expect(await deliver(target.start)).toEqual({ sent: 0, skipped: 2, failed: 0 });
		expect(arrived()).toEqual([]);
		expect((await outboxRows()).map((row) => [row.kind, row.status])).toEqual([
			['confirmation', 'sent'],
			['reminder', 'skipped'],
			['reschedule', 'sent'],
			['reminder', 'skipped'],
			['cancellation', 'sent']
		]);
		// What will never be sent again keeps its subject only: no working link stays behind.
		const payloads = await db()
			.selectFrom('outbox_message')
			.select(['status', 'payload_json'])
			.orderBy('id')
			.execute();
		for (const row of payloads) {
			const payload = JSON.parse(row.payload_json) as Record<string, unknown>;
			expect(Object.keys(payload).sort(), row.status).toEqual(['subject', 'text']);
			expect(payload['text'], row.status).toBe('');
			expect(String(payload['subject']).length, row.status).toBeGreaterThan(0);
		}
	});

	it('sends the reminder 24 hours before, once, and only for the current time', async () => {
		const slot = await meiSlot('2027-03-08');
		const booked = await bookOrFail(db(), inputFor(slot, ids.service.initial, 'x', { patient }));
		expect(await deliver(testNow)).toEqual({ sent: 1, skipped: 0, failed: 0 });
		expect(arrived().map((email) => email.subject)).toEqual([
			'Your appointment at Harbor Lantern Acupuncture is booked'
		]);
		const due = slot.start.subtract({ hours: 24 });
		expect(await deliver(due.subtract({ minutes: 1 }))).toEqual({ sent: 0, skipped: 0, failed: 0 });
		expect(arrived()).toEqual([]);

		// Move it two days later; the first reminder is now for an older version.
		const target = await meiSlot('2027-03-10', 4);
		const movedAt = testNow.add({ hours: 3 });
		await rescheduleByToken(
			db(),
			tokenOf(booked.body.manageUrl),
			{ start: target.start, practitionerId: ids.mei },
			{ now: movedAt, origin: testOrigin }
		);
		expect(await deliver(movedAt)).toEqual({ sent: 1, skipped: 0, failed: 0 });
		expect(arrived().map((email) => email.subject)).toEqual([
			'Your appointment at Harbor Lantern Acupuncture has moved'
		]);

		// When the old reminder falls due it is skipped, not sent.
		expect(await deliver(due.add({ minutes: 1 }))).toEqual({ sent: 0, skipped: 1, failed: 0 });
		expect(arrived()).toEqual([]);

		const newDue = target.start.subtract({ hours: 24 });
		expect(await deliver(newDue.subtract({ seconds: 1 }))).toEqual({
			sent: 0,
			skipped: 0,
			failed: 0
		});
		expect(await deliver(newDue)).toEqual({ sent: 1, skipped: 0, failed: 0 });
		const [reminder, ...extra] = arrived();
		expect(extra).toEqual([]);
		expect(reminder?.subject).toBe('Reminder: your appointment at Harbor Lantern Acupuncture');
		expect(reminder?.text).toContain('Wednesday, March 10, 2027, 10:00 am – 11:30 am CST');
		expect(reminder?.text).toContain('(414) 555-0142');
		await emailedManageLink(db(), reminder?.text, booked.body);
		expect(reminder?.text).not.toContain('March 8');
		expectNothingPrivate(reminder!);

		// Later rounds send nothing more.
		for (const later of [
			newDue.add({ minutes: 5 }),
			target.start,
			target.start.add({ hours: 48 })
		]) {
			expect(await deliver(later)).toEqual({ sent: 0, skipped: 0, failed: 0 });
		}
		expect(arrived()).toEqual([]);
	});

	it('writes no reminder for a visit booked less than 24 hours ahead', async () => {
		const slot = await meiSlot('2027-03-03', 8);
		const now = slot.start.subtract({ hours: 20 });
		await bookOrFail(db(), inputFor(slot, ids.service.initial, 'x', { patient }), { now });
		expect((await outboxRows()).map((row) => row.kind)).toEqual(['confirmation']);
		expect(await deliver(slot.start)).toEqual({ sent: 1, skipped: 0, failed: 0 });
		expect(arrived()).toHaveLength(1);
	});

	it('keeps messages through a mail outage and sends each once, in due order, afterwards', async () => {
		const slots = await openSlots(db(), {
			serviceId: ids.service.followUp,
			practitionerId: ids.daniel,
			from: localDate('2027-03-05'),
			to: localDate('2027-03-05')
		});
		// Three bookings made in the opposite order of their confirmations' due times.
		const people = ['c', 'b', 'a'].map((letter) => ({
			...patient,
			email: `patient-${letter}@example.com`
		}));
		for (const [index, person] of people.entries()) {
			const slot = slots[index * 5];
			if (!slot) throw new Error('expected open slots');
			await bookOrFail(db(), inputFor(slot, ids.service.followUp, 'x', { patient: person }), {
				now: testNow.add({ minutes: 2 - index })
			});
		}

		await smtp.stop();
		const start = testNow.add({ minutes: 5 });
		// The mail server is down: the round stops at once, and an outage is not counted against
		// the messages (ADR 0027), so none of them is ever given up or overtaken because of it.
		expect(await deliver(start)).toMatchObject({ sent: 0, skipped: 0, failed: 0 });
		expect((await deliver(start)).transportUnavailable).toMatch(/ECONNREFUSED/);
		const untouched = async () => {
			const confirmations = (await outboxRows()).filter((row) => row.kind === 'confirmation');
			expect(confirmations).toHaveLength(3);
			for (const row of confirmations) {
				expect(row).toMatchObject({ status: 'pending', attempts: 0, last_error: null });
			}
		};
		await untouched();
		// Still down an hour later: still nothing counted, nothing lost.
		const later = start.add({ hours: 1 });
		expect((await deliver(later)).transportUnavailable).toBeTruthy();
		await untouched();

		await smtp.restart();
		expect(arrived()).toEqual([]);
		// Back: everything due goes out in the next round, oldest due first.
		expect(await deliver(later.add({ seconds: 1 }))).toEqual({ sent: 3, skipped: 0, failed: 0 });
		expect(smtp.messages.slice(seen).map((message) => message.to)).toEqual([
			['patient-a@example.com'],
			['patient-b@example.com'],
			['patient-c@example.com']
		]);
		expect(arrived().every((email) => email.subject.endsWith('is booked'))).toBe(true);
		expect(await deliver(later.add({ minutes: 30 }))).toEqual({ sent: 0, skipped: 0, failed: 0 });
		expect(arrived()).toEqual([]);
		const confirmations = (await outboxRows()).filter((row) => row.kind === 'confirmation');
		expect(confirmations.map((row) => [row.status, row.attempts])).toEqual([
			['sent', 1],
			['sent', 1],
			['sent', 1]
		]);
	});

	it('retries a message the mail server refused, with back-off', async () => {
		await bookOrFail(db(), inputFor(await meiSlot('2027-03-23'), ids.service.initial, 'x'));
		let refuse = true;
		const picky: MailTransport = {
			description: 'refuses until told otherwise',
			send: async (email) => {
				if (refuse) throw new Error('451 4.3.0 try again later');
				await transport.send(email);
			},
			close: () => {}
		};
		const start = testNow.add({ minutes: 5 });
		expect(await deliver(start, picky)).toEqual({ sent: 0, skipped: 0, failed: 1 });
		let [row] = await outboxRows();
		expect(row).toMatchObject({ status: 'pending', attempts: 1 });
		expect(fromDbInstant(row!.next_attempt_at).equals(start.add({ seconds: 30 }))).toBe(true);
		// Not yet time to retry: nothing is attempted.
		expect(await deliver(start.add({ seconds: 10 }), picky)).toEqual({
			sent: 0,
			skipped: 0,
			failed: 0
		});
		// Refused again at the first retry: the wait doubles.
		const retry = start.add({ seconds: 31 });
		expect(await deliver(retry, picky)).toEqual({ sent: 0, skipped: 0, failed: 1 });
		[row] = await outboxRows();
		expect(row).toMatchObject({ status: 'pending', attempts: 2 });
		expect(fromDbInstant(row!.next_attempt_at).equals(retry.add({ seconds: 60 }))).toBe(true);
		refuse = false;
		expect(await deliver(retry.add({ seconds: 30 }), picky)).toEqual({
			sent: 0,
			skipped: 0,
			failed: 0
		});
		expect(await deliver(retry.add({ seconds: 61 }), picky)).toEqual({
			sent: 1,
			skipped: 0,
			failed: 0
		});
		expect(arrived()).toHaveLength(1);
	});

	it('gives a message up after the last attempt and leaves it for staff', async () => {
		await bookOrFail(db(), inputFor(await meiSlot('2027-03-24'), ids.service.initial, 'x'));
		const broken: MailTransport = {
			description: 'always refuses',
			send: async () => {
				throw new Error('554 5.7.1 rejected for the test');
			},
			close: () => {}
		};
		let now = testNow;
		for (let attempt = 1; attempt <= maxAttempts; attempt++) {
			expect(await deliver(now, broken)).toEqual({ sent: 0, skipped: 0, failed: 1 });
			now = now.add({ hours: 2 });
		}
		const [confirmation] = await outboxRows();
		expect(confirmation).toMatchObject({
			kind: 'confirmation',
			status: 'failed',
			attempts: maxAttempts,
			last_error: '554 5.7.1 rejected for the test'
		});
		expect(await deliver(now.add({ hours: 2 }))).toEqual({ sent: 0, skipped: 0, failed: 0 });
		expect(arrived()).toEqual([]);
		// Given up, it keeps its subject only, as a sent one does (ADR 0031).
		const row = await db()
			.selectFrom('outbox_message')
			.select('payload_json')
			.where('kind', '=', 'confirmation')
			.executeTakeFirstOrThrow();
		expect(JSON.parse(row.payload_json)).toEqual({
			subject: 'Your appointment at Harbor Lantern Acupuncture is booked',
			text: ''
		});
	});

	it('sends each message once when two workers deliver at the same time', async () => {
		const slots = await openSlots(db(), {
			serviceId: ids.service.herbal,
			practitionerId: ids.mei,
			from: localDate('2027-03-03'),
			to: localDate('2027-03-03')
		});
		for (let n = 0; n < 6; n++) {
			const slot = slots[n * 4];
			if (!slot) throw new Error('expected open slots');
			await bookOrFail(db(), inputFor(slot, ids.service.herbal, `worker-${n}`));
		}
		const reports = await Promise.all([deliver(testNow), deliver(testNow), deliver(testNow)]);
		expect(reports.reduce((sum, report) => sum + report.sent, 0)).toBe(6);
		const recipients = arrived().map((email) => email.to);
		expect(recipients).toHaveLength(6);
		expect(new Set(recipients).size).toBe(6);
	});
});

describe.each(dialects)('appointment emails as .eml files on %s', (dialect) => {
	let database: TestDatabase;
	let mailDir: string;

	beforeAll(async () => {
		database = await createTestDatabase(dialect);
		await seedDemoClinicIfEmpty(database.handle.db);
		mailDir = join(mkdtempSync(join(tmpdir(), 'clinic-mail-')), 'mail');
	});
	afterAll(async () => {
		await database?.dispose();
		if (mailDir) rmSync(join(mailDir, '..'), { recursive: true, force: true });
	});

	it('writes one readable file per message and nothing half-written', async () => {
		const db = database.handle.db;
		const ids = await demoIds(db);
		const transport = createMailTransport({ smtpUrl: null, mailDir });
		const deliver = (now: Temporal.Instant) =>
			deliverDueMessages(db, dialect, transport, { now: () => now, uidDomain });
		const [slot, target] = await openSlots(db, {
			serviceId: ids.service.herbal,
			practitionerId: ids.mei,
			from: localDate('2027-03-03'),
			to: localDate('2027-03-03')
		});
		if (!slot || !target) throw new Error('expected open slots');
		const booked = await bookOrFail(db, inputFor(slot, ids.service.herbal, 'eml', { patient }));
		expect(await deliver(testNow)).toEqual({ sent: 1, skipped: 0, failed: 0 });
		expect(readdirSync(mailDir)).toHaveLength(1);
		await rescheduleByToken(
			db,
			tokenOf(booked.body.manageUrl),
			{ start: target.start.add({ hours: 3 }), practitionerId: ids.mei },
			{ now: testNow, origin: testOrigin }
		);
		expect(await deliver(testNow)).toEqual({ sent: 1, skipped: 0, failed: 0 });
		expect(await deliver(testNow)).toEqual({ sent: 0, skipped: 0, failed: 0 });
		transport.close();

		const files = readdirSync(mailDir).sort();
		expect(files).toHaveLength(2);
		expect(files.every((file) => file.endsWith('.eml'))).toBe(true);
		const emails = files.map((file) => readEmail(readFileSync(join(mailDir, file), 'utf8')));
		expect(emails.map((email) => email.subject).sort()).toEqual([
			'Your appointment at Harbor Lantern Acupuncture has moved',
			'Your appointment at Harbor Lantern Acupuncture is booked'
		]);
		for (const email of emails) {
			expect(email.to).toContain(patient.email);
			await emailedManageLink(db, email.text, booked.body);
			expect(email.text).toMatch(/ C[SD]T \(Milwaukee time\)/);
			const calendar = readCalendar(email.calendar?.content ?? '');
			expect(calendar.uid).toBe(`appointment-${booked.body.id}@${uidDomain}`);
		}
	});
});
