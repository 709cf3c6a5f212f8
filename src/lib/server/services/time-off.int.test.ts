import { describe, expect, it } from 'vitest';
import {
	bookOrFail,
	firstOpenSlot,
	inputFor,
	localDate,
	openSlots,
	testNow,
	useDemoClinic
} from '../../../../tests/support/booking';
import { testDialects } from '../../../../tests/support/databases';
import type { StaffActor } from './audit';
import { addTimeOff, loadTimeOff, removeTimeOff } from './time-off';

const dialects = await testDialects();
const owner: StaffActor = { userId: 'owner-1', name: 'Olive Owner', role: 'owner' };
const context = { now: testNow };

describe.each(dialects)('time off on %s', (dialect) => {
	const clinic = useDemoClinic(dialect);
	const meiOn = (date: string) =>
		openSlots(clinic.db(), {
			serviceId: clinic.ids.service.followUp,
			practitionerId: clinic.ids.mei,
			from: localDate(date),
			to: localDate(date)
		});

	it('blocks the practitioner at once, lists booked visits to move, and can be removed', async () => {
		const slot = await firstOpenSlot(clinic.db(), {
			serviceId: clinic.ids.service.followUp,
			practitionerId: clinic.ids.mei,
			from: localDate('2027-03-10'),
			to: localDate('2027-03-10')
		});
		await bookOrFail(clinic.db(), inputFor(slot, clinic.ids.service.followUp, 'moved-by-time-off'));
		expect((await meiOn('2027-03-10')).length).toBeGreaterThan(0);

		const added = await addTimeOff(
			clinic.db(),
			{
				practitioner: String(clinic.ids.mei),
				fromDate: '2027-03-10',
				toDate: '2027-03-10',
				reason: 'Course'
			},
			owner,
			context
		);
		expect(added).toEqual({ kind: 'added' });
		expect(await meiOn('2027-03-10')).toEqual([]);
		const listed = await loadTimeOff(clinic.db(), owner, testNow);
		expect(
			listed.kind === 'ok' && listed.entries[0]?.clashes.map((clash) => clash.patientName)
		).toEqual(['Test Patient moved-by-time-off']);

		const id = listed.kind === 'ok' ? (listed.entries[0]?.id ?? 0) : 0;
		expect(await removeTimeOff(clinic.db(), id, owner, context)).toEqual({ kind: 'removed' });
		expect((await meiOn('2027-03-10')).length).toBeGreaterThan(0);
	});

	it('blocks part of a day when times are given', async () => {
		await addTimeOff(
			clinic.db(),
			{
				practitioner: String(clinic.ids.mei),
				fromDate: '2027-03-17',
				fromTime: '09:00',
				toDate: '2027-03-17',
				toTime: '12:00',
				reason: 'Dentist'
			},
			owner,
			context
		);
		const starts = (await meiOn('2027-03-17')).map((slot) =>
			slot.start.toZonedDateTimeISO('America/Chicago').toPlainTime().toString().slice(0, 5)
		);
		expect(starts[0]).toBe('12:00');
	});

	it('explains what is wrong and refuses other roles', async () => {
		const invalid = await addTimeOff(
			clinic.db(),
			{ practitioner: '', fromDate: '2027-03-20', toDate: '2027-03-19', reason: '' },
			owner,
			context
		);
		expect(invalid.kind).toBe('invalid');
		const backwards = await addTimeOff(
			clinic.db(),
			{
				practitioner: String(clinic.ids.mei),
				fromDate: '2027-03-20',
				toDate: '2027-03-19',
				reason: 'x y'
			},
			owner,
			context
		);
		expect(backwards).toEqual({
			kind: 'invalid',
			errors: { toDate: 'The end must be after the start.' }
		});
		const desk: StaffActor = { ...owner, role: 'front_desk' };
		expect((await addTimeOff(clinic.db(), {}, desk, context)).kind).toBe('forbidden');
		expect((await loadTimeOff(clinic.db(), desk, testNow)).kind).toBe('forbidden');
	});
});
