import { describe, expect, it } from 'vitest';
import { findAlternativeSlots } from './alternative-slots';
import {
	ACUPUNCTURE,
	appointment,
	chicago,
	clinicInput,
	hoursOn,
	localReading,
	WEEKDAYS
} from './test-fixtures';
import type { OpenSlot } from './types';

function described(slots: readonly OpenSlot[]): string[] {
	return slots.map((slot) => `${localReading(slot.start).slice(5, 16)}#${slot.practitionerId}`);
}

describe('alternatives to a refused time', () => {
	const input = clinicInput({
		weeklyHours: [
			...hoursOn(WEEKDAYS, '09:00', '17:00', 10),
			...hoursOn(WEEKDAYS, '09:00', '17:00', 11)
		],
		rooms: [
			{ id: 1, locationId: 1, kind: 'treatment' },
			{ id: 2, locationId: 1, kind: 'treatment' },
			{ id: 3, locationId: 1, kind: 'treatment' }
		],
		appointments: [
			// Practitioner 10 was just booked 12:00–13:00 (held to 13:15).
			appointment(chicago('2027-03-03T12:00'), 60, { practitionerId: 10, bufferAfterMinutes: 15 })
		]
	});

	it('offers the same practitioner just before and after', () => {
		const slots = findAlternativeSlots(input, {
			serviceId: ACUPUNCTURE.id,
			practitionerId: 10,
			start: chicago('2027-03-03T12:00')
		});
		expect(described(slots)).toEqual([
			'03-03T10:15#10',
			'03-03T10:30#10',
			'03-03T10:45#10',
			'03-03T13:15#10',
			'03-03T13:30#10',
			'03-03T13:45#10'
		]);
	});

	it('keeps to the counts asked for', () => {
		const slots = findAlternativeSlots(
			input,
			{ serviceId: ACUPUNCTURE.id, practitionerId: 10, start: chicago('2027-03-03T12:00') },
			{ before: 1, after: 1, searchDays: 0 }
		);
		expect(described(slots)).toEqual(['03-03T10:45#10', '03-03T13:15#10']);
	});

	it('fills the places the same practitioner cannot with anyone else, listed after them', () => {
		const busyMorning = clinicInput({
			...input,
			appointments: [appointment(chicago('2027-03-03T09:00'), 6 * 60, { practitionerId: 10 })]
		});
		const slots = findAlternativeSlots(
			busyMorning,
			{ serviceId: ACUPUNCTURE.id, practitionerId: 10, start: chicago('2027-03-03T12:00') },
			{ before: 2, after: 2, searchDays: 0 }
		);
		expect(described(slots)).toEqual([
			'03-03T15:00#10',
			'03-03T15:15#10',
			'03-03T11:30#11',
			'03-03T11:45#11'
		]);
	});

	it('searches the days around the refused one', () => {
		const busyDay = clinicInput({
			...input,
			appointments: [appointment(chicago('2027-03-03T09:00'), 8 * 60, { practitionerId: 10 })]
		});
		const slots = findAlternativeSlots(
			busyDay,
			{
				serviceId: ACUPUNCTURE.id,
				practitionerId: 10,
				start: chicago('2027-03-03T12:00'),
				practitionerIds: [10]
			},
			{ before: 2, after: 2, searchDays: 1 }
		);
		expect(described(slots)).toEqual([
			'03-02T15:30#10',
			'03-02T15:45#10',
			'03-04T09:00#10',
			'03-04T09:15#10'
		]);
	});

	it("for 'any', the nearest times of anyone", () => {
		const slots = findAlternativeSlots(
			input,
			{ serviceId: ACUPUNCTURE.id, practitionerId: 'any', start: chicago('2027-03-03T12:05') },
			{ before: 1, after: 2 }
		);
		expect(described(slots)).toEqual(['03-03T12:00#11', '03-03T12:15#11', '03-03T12:30#11']);
	});
});
