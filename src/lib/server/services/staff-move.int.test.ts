import { Temporal } from 'temporal-polyfill';
import { sendNewestEmail } from '../../../../tests/support/outbox';
import { describe, expect, it } from 'vitest';
import {
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
import { cancelAppointment, findAppointment } from '../db/repositories/appointment-repository';
import { listAuditEvents } from '../db/repositories/audit-repository';
import type { StaffActor } from './audit';
import { findAvailability } from './availability';
import { loadManagedAppointment, rescheduleByToken } from './manage-appointment';
import { loadStaffMove, moveByStaff } from './staff-move';

const dialects = await testDialects();
const desk: StaffActor = { userId: 'desk-1', name: 'Dana Desk', role: 'front_desk' };

describe.each(dialects)('staff moving an appointment on %s', (dialect) => {
	const clinic = useDemoClinic(dialect);
	const db = clinic.db;
	const context = { now: testNow, origin: testOrigin };
	const meiSlots = (date: string) =>
		openSlots(db(), {
			serviceId: clinic.ids.service.initial,
			practitionerId: clinic.ids.mei,
			from: localDate(date),
			to: localDate(date)
		});
	const bookMei = async (date: string, index: number, patient: string) => {
		const slot = (await meiSlots(date))[index];
		if (!slot) throw new Error(`no open slot #${index} on ${date}`);
		const booked = await bookOrFail(db(), inputFor(slot, clinic.ids.service.initial, patient));
		return { slot, booked, token: tokenOf(booked.body.manageUrl) };
	};
	const mei = async () =>
		(
			await db()
				.selectFrom('practitioner')
				.select('slug')
				.where('id', '=', clinic.ids.mei)
				.executeTakeFirstOrThrow()
		).slug;

	it('moves to another time: audited as the staff member, emailed with a fresh link, old link retired', async () => {
		const { slot, booked, token } = await bookMei('2027-03-03', 0, 'staff-move');
		const target = (await meiSlots('2027-03-10'))[2];
		if (!target) throw new Error('expected an open slot');
		const result = await moveByStaff(
			db(),
			booked.body.id,
			{ start: target.start.toString(), practitioner: await mei() },
			desk,
			context
		);
		expect(result.kind).toBe('moved');
		const moved = await findAppointment(db(), booked.body.id);
		expect(moved?.start.equals(target.start)).toBe(true);
		expect(moved?.sequence).toBe(1);
		expect(offers(await meiSlots('2027-03-03'), slot.start, clinic.ids.mei)).toBe(true);

		const [event] = await listAuditEvents(db(), { actorId: desk.userId });
		expect(event).toMatchObject({
			action: 'appointment.reschedule',
			actor: { type: 'staff', label: 'Dana Desk' },
			patientId: moved?.patientId
		});

		expect(await loadManagedAppointment(db(), token, testNow)).toBeNull();
		const patientEmail = await db()
			.selectFrom('patient')
			.select('email')
			.where('id', '=', moved?.patientId ?? 0)
			.executeTakeFirstOrThrow();
		const email = await sendNewestEmail(
			db(),
			{ kind: 'reschedule', recipient: patientEmail.email },
			testNow
		);
		const link = /https:\/\/clinic\.example\/manage\/[\w-]{43}/.exec(email.text)?.[0];
		expect(link).toBeDefined();
		const shown = await loadManagedAppointment(db(), tokenOf(link ?? ''), testNow);
		expect(shown?.id).toBe(booked.body.id);
	});

	it('moves a visit inside the online cutoff, which the patient’s link may not', async () => {
		const { slot, booked, token } = await bookMei('2027-03-17', 0, 'staff-late');
		const target = (await meiSlots('2027-03-24'))[0];
		if (!target) throw new Error('expected an open slot');
		const late = { now: slot.start.subtract({ hours: 3 }), origin: testOrigin };
		const online = await rescheduleByToken(
			db(),
			token,
			{ start: target.start, practitionerId: clinic.ids.mei },
			late
		);
		expect(online.kind).toBe('too_late');
		const result = await moveByStaff(
			db(),
			booked.body.id,
			{ start: target.start.toString(), practitioner: 'any' },
			desk,
			late
		);
		expect(result.kind).toBe('moved');
	});

	it('refuses a taken time with worded alternatives, and leaves the appointment as it was', async () => {
		const mine = await bookMei('2027-04-14', 0, 'staff-stay');
		const theirs = await bookMei('2027-04-14', 3, 'staff-other');
		const result = await moveByStaff(
			db(),
			mine.booked.body.id,
			{ start: theirs.slot.start.toString(), practitioner: await mei() },
			desk,
			context
		);
		if (result.kind !== 'slot_taken') throw new Error(`expected slot_taken, got ${result.kind}`);
		expect(result.alternatives.length).toBeGreaterThan(0);
		expect(result.alternatives[0]?.label).toMatch(/ with /);
		const unchanged = await findAppointment(db(), mine.booked.body.id);
		expect(unchanged?.start.equals(mine.slot.start)).toBe(true);
		expect(unchanged?.sequence).toBe(0);
	});

	it('refuses nonsense and cancelled appointments without writing anything', async () => {
		const { booked } = await bookMei('2027-04-21', 1, 'staff-odd');
		for (const form of [
			{ start: 'tomorrow', practitioner: 'any' },
			{ start: Temporal.Instant.from('2027-04-28T15:00:00Z').toString(), practitioner: 'nobody' }
		]) {
			expect((await moveByStaff(db(), booked.body.id, form, desk, context)).kind).toBe('invalid');
		}
		await cancelAppointment(db(), booked.body.id, { reason: 'test', now: testNow });
		const [free] = await meiSlots('2027-04-28');
		const result = await moveByStaff(
			db(),
			booked.body.id,
			{ start: free?.start.toString() ?? '', practitioner: 'any' },
			desk,
			context
		);
		expect(result).toEqual({ kind: 'not_found' });
		const page = await loadStaffMove(db(), booked.body.id, {}, desk, testNow);
		expect(page.kind === 'ok' && page.flow).toBeNull();
		expect(await loadStaffMove(db(), 999_999, {}, desk, testNow)).toEqual({ kind: 'not_found' });
	});

	it('offers staff the days and times of a service booked by phone only', async () => {
		const { booked } = await bookMei('2027-04-07', 0, 'staff-phone-only');
		const initial = clinic.ids.service.initial;
		const setOnline = (value: number) =>
			db()
				.updateTable('service')
				.set({ bookable_online: value })
				.where('id', '=', initial)
				.execute();
		await setOnline(0);
		try {
			const query = {
				serviceId: initial,
				practitionerId: clinic.ids.mei,
				from: localDate('2027-04-28'),
				to: localDate('2027-04-28')
			};
			expect((await findAvailability(db(), query, testNow)).ok).toBe(false);
			expect((await findAvailability(db(), query, testNow, { staff: true })).ok).toBe(true);
			const page = await loadStaffMove(db(), booked.body.id, {}, desk, testNow);
			expect(page.kind === 'ok' && page.flow?.step).toBe('day');
		} finally {
			await setOnline(1);
		}
	});
});
