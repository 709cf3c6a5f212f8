import { describe, expect, it } from 'vitest';
import { collapseToOnePerStart } from './collapse-slots';
import { findOpenSlots } from './open-slots';
import { appointment, chicago, clinicInput, date, hoursOn, PHONE_CALL } from './test-fixtures';
import type { SchedulingInput } from './types';

function anySlots(input: SchedulingInput) {
	return findOpenSlots(input, {
		serviceId: PHONE_CALL.id,
		practitionerId: 'any',
		from: date('2027-03-03'),
		to: date('2027-03-03')
	});
}

const threePractitioners = clinicInput({
	weeklyHours: [
		...hoursOn([3], '09:00', '12:00', 10),
		...hoursOn([3], '09:00', '12:00', 11),
		...hoursOn([3], '09:00', '12:00', 12)
	]
});

describe("collapsing 'any' to one slot per start", () => {
	it('keeps one slot per start time, in start order', () => {
		const collapsed = collapseToOnePerStart(anySlots(threePractitioners), threePractitioners);
		const starts = collapsed.map((slot) => slot.start.toString());
		expect(starts).toHaveLength(11);
		expect(new Set(starts).size).toBe(starts.length);
		expect([...starts].sort()).toEqual(starts);
	});

	it('picks the lowest practitioner id when the day is equally busy for all', () => {
		const collapsed = collapseToOnePerStart(anySlots(threePractitioners), threePractitioners);
		expect(collapsed.every((slot) => slot.practitionerId === 10)).toBe(true);
	});

	it('picks the practitioner with the fewest bookings that local day', () => {
		const input = clinicInput({
			...threePractitioners,
			appointments: [
				// Practitioner 10 has two bookings on Wednesday, 11 has one, 12 none that day.
				appointment(chicago('2027-03-03T14:00'), 30, { practitionerId: 10 }),
				appointment(chicago('2027-03-03T15:00'), 30, { practitionerId: 10 }),
				appointment(chicago('2027-03-03T16:00'), 30, { practitionerId: 11 }),
				// 23:30 on Tuesday in Chicago is already Wednesday in UTC: not Wednesday's load.
				appointment(chicago('2027-03-02T23:30'), 30, { practitionerId: 12 }),
				appointment(chicago('2027-03-02T23:00'), 30, { practitionerId: 12 })
			]
		});
		const collapsed = collapseToOnePerStart(anySlots(input), input);
		expect(collapsed.every((slot) => slot.practitionerId === 12)).toBe(true);
	});

	it('falls back to whoever is free at a time', () => {
		const input = clinicInput({
			...threePractitioners,
			appointments: [appointment(chicago('2027-03-03T09:00'), 30, { practitionerId: 10 })]
		});
		const collapsed = collapseToOnePerStart(anySlots(input), input);
		expect(collapsed[0]?.practitionerId).toBe(11);
	});

	it('an empty list stays empty', () => {
		expect(collapseToOnePerStart([], threePractitioners)).toEqual([]);
	});
});
