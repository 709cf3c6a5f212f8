import { Temporal } from 'temporal-polyfill';
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
import { readEmail, type ReadableEmail } from '../../../../tests/support/mime';
import { startSmtpCapture, type SmtpCapture } from '../../../../tests/support/smtp';
import { seedDemoClinicIfEmpty } from '../db/seed/seed';
import { rescheduleByToken } from '../services/manage-appointment';
import { deliverDueMessages } from './outbox-worker';
import { createMailTransport, type MailTransport } from './transport';

/*
 * Daylight saving time in 2027 (America/Chicago): clocks spring forward on Sunday 14 March and
 * fall back on Sunday 7 November, both days the clinic is closed. Each day's offset must be its
 * own: 9 am is 15:00 UTC in winter (CST, UTC-6) and 14:00 UTC in summer (CDT, UTC-5).
 */

const dialects = await testDialects();
const autumnNow = Temporal.Instant.from('2027-10-25T14:00:00Z');

describe.each(dialects)('daylight saving time in appointment emails on %s', (dialect) => {
	let smtp: SmtpCapture;
	let transport: MailTransport;
	let database: TestDatabase;
	let ids: DemoIds;
	let seen = 0;

	beforeAll(async () => {
		smtp = await startSmtpCapture();
		transport = createMailTransport({ smtpUrl: smtp.url, mailDir: '/nonexistent' });
	});
	afterAll(async () => {
		transport?.close();
		await smtp?.stop();
	});
	// A fresh clinic per test, so that no reminder from another test falls due.
	beforeEach(async () => {
		database = await createTestDatabase(dialect);
		await seedDemoClinicIfEmpty(database.handle.db);
		ids = await demoIds(database.handle.db);
		seen = smtp.messages.length;
	});
	afterEach(async () => {
		await database?.dispose();
	});

	const db = () => database.handle.db;
	const slotsOn = (date: string, now: Temporal.Instant) =>
		openSlots(
			db(),
			{
				serviceId: ids.service.initial,
				practitionerId: ids.mei,
				from: localDate(date),
				to: localDate(date)
			},
			now
		);
	/** Books Mei's first slot on a date and returns the confirmation as it arrived. */
	const bookAndReceive = async (date: string, now: Temporal.Instant, index = 0) => {
		const slot = (await slotsOn(date, now))[index];
		if (!slot) throw new Error(`no open slot on ${date}`);
		const booked = await bookOrFail(db(), inputFor(slot, ids.service.initial, date), { now });
		await deliverDueMessages(db(), dialect, transport, { now: () => now, uidDomain: 'x.example' });
		return { slot, booked, email: onlyNewEmail() };
	};
	const onlyNewEmail = (): ReadableEmail => {
		const fresh = smtp.messages.slice(seen);
		seen = smtp.messages.length;
		expect(fresh).toHaveLength(1);
		return readEmail(fresh[0]?.raw ?? '');
	};

	it('offers 9 am local on both sides of the spring change', async () => {
		const saturday = await slotsOn('2027-03-13', testNow);
		const monday = await slotsOn('2027-03-15', testNow);
		expect(saturday[0]?.start.toString()).toBe('2027-03-13T15:00:00Z');
		expect(monday[0]?.start.toString()).toBe('2027-03-15T14:00:00Z');
		// Every Monday slot sits on the quarter hour in local time, from 9:00 to 15:15.
		const local = monday.map((slot) =>
			slot.start.toZonedDateTimeISO('America/Chicago').toPlainTime().toString().slice(0, 5)
		);
		expect(local[0]).toBe('09:00');
		expect(local.at(-1)).toBe('15:15');
		expect(local).toHaveLength(26);
	});

	it('books the Saturday before spring forward in CST', async () => {
		const { slot, email } = await bookAndReceive('2027-03-13', testNow);
		expect(email.text).toContain(
			'Saturday, March 13, 2027, 9:00 am – 10:30 am CST (Milwaukee time)'
		);
		const calendar = readCalendar(email.calendar?.content ?? '');
		expect(calendar.dtstartLine).toBe('DTSTART:20270313T150000Z');
		expect(calendar.start.equals(slot.start)).toBe(true);
	});

	it('books Monday 15 March, after spring forward, in CDT', async () => {
		const { slot, email } = await bookAndReceive('2027-03-15', testNow);
		expect(email.text).toContain('Monday, March 15, 2027, 9:00 am – 10:30 am CDT (Milwaukee time)');
		expect(email.text).not.toContain('CST');
		const calendar = readCalendar(email.calendar?.content ?? '');
		expect(calendar.utc).toBe(true);
		expect(calendar.dtstartLine).toBe('DTSTART:20270315T140000Z');
		expect(calendar.start.toString()).toBe('2027-03-15T14:00:00Z');
		expect(calendar.end.toString()).toBe('2027-03-15T15:30:00Z');
		expect(calendar.start.equals(slot.start)).toBe(true);
	});

	it('moves a winter booking across the change and sends the summer time', async () => {
		const { booked } = await bookAndReceive('2027-03-13', testNow, 8);
		const [target] = await slotsOn('2027-03-17', testNow);
		if (!target) throw new Error('expected an open slot');
		const now = testNow.add({ hours: 1 });
		await rescheduleByToken(
			db(),
			tokenOf(booked.body.manageUrl),
			{ start: target.start, practitionerId: ids.mei },
			{ now, origin: testOrigin }
		);
		await deliverDueMessages(db(), dialect, transport, { now: () => now, uidDomain: 'x.example' });
		const email = onlyNewEmail();
		expect(email.text).toContain('Wednesday, March 17, 2027, 9:00 am – 10:30 am CDT');
		const calendar = readCalendar(email.calendar?.content ?? '');
		expect(calendar.dtstartLine).toBe('DTSTART:20270317T140000Z');
		expect(calendar.sequence).toBe(1);
	});

	it('books Monday 8 November, after fall back, in CST', async () => {
		const saturday = await slotsOn('2027-11-06', autumnNow);
		expect(saturday[0]?.start.toString()).toBe('2027-11-06T14:00:00Z');
		const { slot, email } = await bookAndReceive('2027-11-08', autumnNow);
		expect(slot.start.toString()).toBe('2027-11-08T15:00:00Z');
		expect(email.text).toContain(
			'Monday, November 8, 2027, 9:00 am – 10:30 am CST (Milwaukee time)'
		);
		expect(email.text).not.toContain('CDT');
		const calendar = readCalendar(email.calendar?.content ?? '');
		expect(calendar.dtstartLine).toBe('DTSTART:20271108T150000Z');
		expect(calendar.start.toString()).toBe('2027-11-08T15:00:00Z');
		expect(calendar.end.toString()).toBe('2027-11-08T16:30:00Z');
	});

	it('books the Saturday before fall back in CDT', async () => {
		const { email } = await bookAndReceive('2027-11-06', autumnNow);
		expect(email.text).toContain(
			'Saturday, November 6, 2027, 9:00 am – 10:30 am CDT (Milwaukee time)'
		);
		expect(readCalendar(email.calendar?.content ?? '').dtstartLine).toBe(
			'DTSTART:20271106T140000Z'
		);
	});
});
