import { describe, expect, it } from 'vitest';
import { localDate, openSlots, testNow, useDemoClinic } from '../../../../tests/support/booking';
import { testDialects } from '../../../../tests/support/databases';
import type { StaffActor } from './audit';
import { addWorkingHours, loadWorkingHours, removeWorkingHours } from './working-hours';

const dialects = await testDialects();
const owner: StaffActor = { userId: 'owner-1', name: 'Olive Owner', role: 'owner' };
const context = { now: testNow };

describe.each(dialects)('working hours on %s', (dialect) => {
	const clinic = useDemoClinic(dialect);

	it('adds Sunday hours that booking offers at once, and removes them again', async () => {
		// 7 March 2027 is a Sunday, when nobody works in the demo clinic.
		const sunday = {
			serviceId: clinic.ids.service.followUp,
			practitionerId: clinic.ids.daniel,
			from: localDate('2027-03-07'),
			to: localDate('2027-03-07')
		};
		expect(await openSlots(clinic.db(), sunday)).toEqual([]);
		const invalid = await addWorkingHours(
			clinic.db(),
			{ practitioner: String(clinic.ids.daniel), weekday: '7', start: '10:00', end: '10:00' },
			owner,
			context
		);
		expect(invalid.kind).toBe('invalid');
		expect(
			await addWorkingHours(
				clinic.db(),
				{ practitioner: String(clinic.ids.daniel), weekday: '7', start: '10:00', end: '13:00' },
				owner,
				context
			)
		).toEqual({ kind: 'added' });
		expect((await openSlots(clinic.db(), sunday)).length).toBeGreaterThan(0);

		const listed = await loadWorkingHours(clinic.db(), owner);
		const daniel =
			listed.kind === 'ok'
				? listed.practitioners.find((entry) => entry.id === clinic.ids.daniel)
				: undefined;
		const added = daniel?.hours.find((hours) => hours.text === 'Sunday 10:00 am – 1:00 pm');
		expect(added).toBeDefined();
		expect(await removeWorkingHours(clinic.db(), added?.id ?? 0, owner, context)).toEqual({
			kind: 'removed'
		});
		expect(await openSlots(clinic.db(), sunday)).toEqual([]);
		expect((await loadWorkingHours(clinic.db(), { ...owner, role: 'practitioner' })).kind).toBe(
			'forbidden'
		);
	});
});
