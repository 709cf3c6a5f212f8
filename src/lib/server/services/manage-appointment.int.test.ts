import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import {
	book,
	bookOrFail,
	inputFor,
	localDate,
	offers,
	openSlots,
	testNow,
	testOrigin,
	tokenOf,
	useDemoClinic
} from '../../../../tests/support/booking';
import { testDialects } from '../../../../tests/support/databases';
import { findAppointment } from '../db/repositories/appointment-repository';
import {
	cancelByToken,
	loadManagedAppointment,
	rescheduleByToken,
	type RescheduleResult
} from './manage-appointment';
import { newSecretToken } from './tokens';

const dialects = await testDialects();

function expectMovedTo(result: RescheduleResult, start: Temporal.Instant) {
	if (result.kind !== 'moved') throw new Error(`expected moved, got ${JSON.stringify(result)}`);
	expect(Temporal.Instant.from(result.start).equals(start)).toBe(true);
}
const context = { now: testNow, origin: testOrigin };

describe.each(dialects)('managing a booking by its link on %s', (dialect) => {
	const clinic = useDemoClinic(dialect);

	const db = clinic.db;
	/** Mei's open initial visits on one date. */
	const meiSlots = (date: string) =>
		openSlots(db(), {
			serviceId: clinic.ids.service.initial,
			practitionerId: clinic.ids.mei,
			from: localDate(date),
			to: localDate(date)
		});
	/** [kind, sequence] of every outbox message about an appointment, in order written. */
	const messagesFor = async (appointmentId: number) =>
		(
			await db()
				.selectFrom('outbox_message')
				.select(['kind', 'appointment_sequence'])
				.where('appointment_id', '=', appointmentId)
				.orderBy('id')
				.execute()
		).map((row) => [row.kind, row.appointment_sequence]);
	const bookMei = async (date: string, index: number, patient: string) => {
		const slot = (await meiSlots(date))[index];
		if (!slot) throw new Error(`no open slot #${index} on ${date}`);
		const booked = await bookOrFail(db(), inputFor(slot, clinic.ids.service.initial, patient));
		return { slot, booked, token: tokenOf(booked.body.manageUrl) };
	};

	it('shows nothing for a malformed or unknown token, and the appointment for its own', async () => {
		const { booked, token } = await bookMei('2027-03-03', 0, 'look');
		for (const wrong of [
			'',
			'garbage',
			"' or 1=1 --",
			'x'.repeat(2000),
			newSecretToken().token,
			`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`
		]) {
			expect(await loadManagedAppointment(db(), wrong, testNow)).toBeNull();
			expect(await cancelByToken(db(), wrong, context)).toEqual({ kind: 'not_found' });
		}
		const shown = await loadManagedAppointment(db(), token, testNow);
		expect(shown).toMatchObject({
			id: booked.body.id,
			status: 'booked',
			practitioner: { id: clinic.ids.mei },
			location: { timeZone: 'America/Chicago' },
			canChangeOnline: true,
			isLive: true,
			inFuture: true,
			cancellationCutoffHours: 24
		});
		expect(
			Temporal.Instant.from(shown?.start ?? '').equals(Temporal.Instant.from(booked.body.start))
		).toBe(true);
		expect(shown?.when.full).toMatch(/^Wednesday, March 3, 2027, 9:00 am – 10:30 am CST/);
	});

	it('cancels once, says so the second time, and offers the time again', async () => {
		const { slot, booked, token } = await bookMei('2027-03-10', 2, 'cancel');
		expect(offers(await meiSlots('2027-03-10'), slot.start, clinic.ids.mei)).toBe(false);
		expect(await cancelByToken(db(), token, context)).toEqual({ kind: 'cancelled' });
		const cancelled = await findAppointment(db(), booked.body.id);
		expect(cancelled).toMatchObject({ status: 'cancelled', sequence: 1 });
		expect(cancelled?.cancelledAt?.equals(testNow)).toBe(true);
		expect(await cancelByToken(db(), token, context)).toEqual({ kind: 'already_cancelled' });
		expect((await findAppointment(db(), booked.body.id))?.sequence).toBe(1);
		expect(offers(await meiSlots('2027-03-10'), slot.start, clinic.ids.mei)).toBe(true);
		const shown = await loadManagedAppointment(db(), token, testNow);
		expect(shown).toMatchObject({ status: 'cancelled', isLive: false, canChangeOnline: false });
		// Someone else can now book the freed time.
		await bookOrFail(db(), inputFor(slot, clinic.ids.service.initial, 'after-cancel'));
		// And a cancelled appointment cannot be moved.
		expect(
			await rescheduleByToken(
				db(),
				token,
				{ start: slot.start, practitionerId: clinic.ids.mei },
				context
			)
		).toEqual({ kind: 'not_found' });
	});

	it('refuses to cancel or move online inside the 24 hours before the visit', async () => {
		const { slot, booked, token } = await bookMei('2027-03-17', 0, 'late');
		const [other] = await meiSlots('2027-03-24');
		if (!other) throw new Error('expected an open slot');
		const late = { now: slot.start.subtract({ hours: 23 }), origin: testOrigin };
		expect(await cancelByToken(db(), token, late)).toEqual({ kind: 'too_late', cutoffHours: 24 });
		expect(
			await rescheduleByToken(
				db(),
				token,
				{ start: other.start, practitionerId: clinic.ids.mei },
				late
			)
		).toEqual({ kind: 'too_late', cutoffHours: 24 });
		expect(await findAppointment(db(), booked.body.id)).toMatchObject({
			status: 'booked',
			sequence: 0
		});
		expect((await loadManagedAppointment(db(), token, late.now))?.canChangeOnline).toBe(false);
		// Exactly 24 hours before is still allowed.
		const edge = { now: slot.start.subtract({ hours: 24 }), origin: testOrigin };
		expect((await loadManagedAppointment(db(), token, edge.now))?.canChangeOnline).toBe(true);
		expect(await cancelByToken(db(), token, edge)).toEqual({ kind: 'cancelled' });
	});

	it('moves to another open slot: sequence raised, old time free, new time taken', async () => {
		const { slot, booked, token } = await bookMei('2027-03-31', 0, 'move');
		const target = (await meiSlots('2027-04-07'))[4];
		if (!target) throw new Error('expected an open slot');
		const result = await rescheduleByToken(
			db(),
			token,
			{ start: target.start, practitionerId: clinic.ids.mei },
			context
		);
		expectMovedTo(result, target.start);
		const moved = await findAppointment(db(), booked.body.id);
		expect(moved).toMatchObject({ status: 'booked', sequence: 1, practitionerId: clinic.ids.mei });
		expect(moved?.start.equals(target.start)).toBe(true);
		expect(moved?.end.equals(target.start.add({ minutes: 90 }))).toBe(true);
		expect(offers(await meiSlots('2027-03-31'), slot.start, clinic.ids.mei)).toBe(true);
		expect(offers(await meiSlots('2027-04-07'), target.start, clinic.ids.mei)).toBe(false);
		// Moving by a quarter of an hour overlaps only its own old time: allowed.
		const nudge = target.start.add({ minutes: 15 });
		expectMovedTo(
			await rescheduleByToken(
				db(),
				token,
				{ start: nudge, practitionerId: clinic.ids.mei },
				context
			),
			nudge
		);
		expect((await findAppointment(db(), booked.body.id))?.sequence).toBe(2);
		// The same link keeps working after a move.
		const shown = await loadManagedAppointment(db(), token, testNow);
		expect(Temporal.Instant.from(shown?.start ?? '').equals(nudge)).toBe(true);
	});

	it('refuses to move onto a taken time, with alternatives, and leaves the booking as it was', async () => {
		const mine = await bookMei('2027-04-14', 0, 'stay');
		const theirs = await bookMei('2027-04-14', 3, 'other');
		const result = await rescheduleByToken(
			db(),
			mine.token,
			{ start: theirs.slot.start, practitionerId: clinic.ids.mei },
			context
		);
		if (result.kind !== 'slot_taken') throw new Error(`expected slot_taken, got ${result.kind}`);
		expect(result.reason).toBe('practitioner_busy');
		expect(result.alternatives.length).toBeGreaterThan(0);
		expect(
			result.alternatives.some((alternative) => alternative.start.equals(theirs.slot.start))
		).toBe(false);
		const unchanged = await findAppointment(db(), mine.booked.body.id);
		expect(unchanged).toMatchObject({ status: 'booked', sequence: 0 });
		expect(unchanged?.start.equals(mine.slot.start)).toBe(true);
		// Outside hours and too far ahead are refused the same way, never thrown.
		const sunday = await rescheduleByToken(
			db(),
			mine.token,
			{ start: mine.slot.start.add({ hours: 4 * 24 }), practitionerId: clinic.ids.mei },
			context
		);
		expect(sunday.kind === 'slot_taken' && sunday.reason).toBe('outside_hours');
		const later = await rescheduleByToken(
			db(),
			mine.token,
			{ start: mine.slot.start.add({ hours: 70 * 24 }), practitionerId: clinic.ids.mei },
			context
		);
		expect(later.kind === 'slot_taken' && later.reason).toBe('too_far_ahead');
	});

	it('cancels once when the cancel button is pressed twice at the same moment', async () => {
		const { booked, token } = await bookMei('2027-04-19', 0, 'double-cancel');
		const results = await Promise.all([
			cancelByToken(db(), token, context),
			cancelByToken(db(), token, context)
		]);
		expect(results.map((result) => result.kind).sort()).toEqual(['already_cancelled', 'cancelled']);
		expect(await findAppointment(db(), booked.body.id)).toMatchObject({
			status: 'cancelled',
			sequence: 1
		});
		expect(await messagesFor(booked.body.id)).toEqual([
			['confirmation', 0],
			['reminder', 0],
			['cancellation', 1]
		]);
	});

	it('never moves an appointment that a simultaneous request cancelled', async () => {
		for (const [n, date] of ['2027-04-20', '2027-04-26', '2027-04-27'].entries()) {
			const { booked, token } = await bookMei(date, 0, `cancel-or-move-${n}`);
			const target = (await meiSlots(date))[8];
			if (!target) throw new Error('expected an open slot');
			const [cancelled, moved] = await Promise.all([
				cancelByToken(db(), token, context),
				rescheduleByToken(
					db(),
					token,
					{ start: target.start, practitionerId: clinic.ids.mei },
					context
				)
			]);
			expect(cancelled).toEqual({ kind: 'cancelled' });
			expect(['moved', 'not_found']).toContain(moved.kind);
			const final = await findAppointment(db(), booked.body.id);
			expect(final?.status).toBe('cancelled');
			// The calendar's last word about this appointment is the cancellation, whichever
			// request came first: no "has moved" after "is cancelled".
			const calendarMessages = (await messagesFor(booked.body.id)).filter(
				([kind]) => kind !== 'reminder'
			);
			expect(calendarMessages.at(-1)).toEqual(['cancellation', final?.sequence]);
			expect(calendarMessages.map(([, sequence]) => sequence)).toEqual([
				...calendarMessages.keys()
			]);
		}
	});

	it('lets exactly one of two patients move onto the same free time at once', async () => {
		const first = await bookMei('2027-04-21', 0, 'race-1');
		const second = await bookMei('2027-04-21', 4, 'race-2');
		const target = (await meiSlots('2027-04-28'))[2];
		if (!target) throw new Error('expected an open slot');
		const results = await Promise.all(
			[first, second].map((booking) =>
				rescheduleByToken(
					db(),
					booking.token,
					{ start: target.start, practitionerId: clinic.ids.mei },
					context
				)
			)
		);
		expect(results.map((result) => result.kind).sort()).toEqual(['moved', 'slot_taken']);
		const stillBooked = await book(db(), inputFor(target, clinic.ids.service.initial, 'race-3'));
		expect(stillBooked.kind).toBe('slot_taken');
	});
});
