import { describe, expect, it } from 'vitest';
import { findOpenSlots } from './open-slots';
import {
	ACUPUNCTURE,
	appointment,
	chicago,
	clinicInput,
	date,
	hoursOn,
	localReading,
	PHONE_CALL,
	slotStarts,
	WEEKDAYS
} from './test-fixtures';
import type { OpenSlot, SchedulingInput, SlotQuery } from './types';

const WEDNESDAY = '2027-03-03';

function query(overrides: Partial<SlotQuery> = {}): SlotQuery {
	return {
		serviceId: ACUPUNCTURE.id,
		practitionerId: 10,
		from: date(WEDNESDAY),
		to: date(WEDNESDAY),
		...overrides
	};
}

/** Just the local clock times, for days where the offset is not the point. */
function times(slots: readonly OpenSlot[]): string[] {
	return slots.map((slot) => localReading(slot.start).slice(11, 16));
}

function wednesdaySlots(input: SchedulingInput, overrides: Partial<SlotQuery> = {}) {
	return findOpenSlots(input, query(overrides));
}

describe('an ordinary day', () => {
	it('offers every 15 minutes from the start of the hours until the service and buffer fit', () => {
		const slots = wednesdaySlots(clinicInput());
		expect(slots).toHaveLength(28);
		expect(times(slots).slice(0, 3)).toEqual(['09:00', '09:15', '09:30']);
		expect(times(slots).at(-1)).toBe('15:45');
		expect(slots[0]).toEqual({
			start: chicago('2027-03-03T09:00'),
			end: chicago('2027-03-03T10:00'),
			practitionerId: 10,
			locationId: 1,
			roomId: 1
		});
	});

	it('aligns starts to the step counted from the start of the working hours', () => {
		const input = clinicInput({ weeklyHours: hoursOn(WEEKDAYS, '09:10', '12:00') });
		expect(times(wednesdaySlots(input)).slice(0, 3)).toEqual(['09:10', '09:25', '09:40']);
	});

	it('offers nothing on a day without hours', () => {
		expect(
			wednesdaySlots(clinicInput(), { from: date('2027-03-06'), to: date('2027-03-07') })
		).toEqual([]);
	});

	it('a service without a room gets roomId null', () => {
		const slots = wednesdaySlots(clinicInput(), { serviceId: PHONE_CALL.id });
		expect(slots.every((slot) => slot.roomId === null)).toBe(true);
		expect(times(slots).at(-1)).toBe('16:30');
	});

	it('a service without a room is offered at a location with no rooms at all', () => {
		const input = clinicInput({ rooms: [], weeklyHours: hoursOn([3], '09:00', '10:00') });
		expect(times(wednesdaySlots(input, { serviceId: PHONE_CALL.id }))).toEqual([
			'09:00',
			'09:15',
			'09:30'
		]);
		expect(wednesdaySlots(input)).toEqual([]);
	});

	it('several intervals a day: a lunch break is not offered', () => {
		const input = clinicInput({
			weeklyHours: [...hoursOn([3], '09:00', '12:00'), ...hoursOn([3], '13:00', '17:00')]
		});
		const found = times(wednesdaySlots(input));
		expect(found).toContain('10:45');
		expect(found).not.toContain('11:00');
		expect(found).not.toContain('12:45');
		expect(found).toContain('13:00');
	});
});

describe('hours crossing midnight', () => {
	// Friday 22:00 to Saturday 02:00.
	const input = clinicInput({ weeklyHours: hoursOn([5], '22:00', '02:00') });
	const onDay = (day: string) =>
		findOpenSlots(input, query({ serviceId: PHONE_CALL.id, from: date(day), to: date(day) }));

	it('the evening belongs to Friday, running past midnight', () => {
		expect(slotStarts(onDay('2027-03-05')).at(-1)).toBe('2027-03-05T23:45:00-06:00');
		expect(times(onDay('2027-03-05'))[0]).toBe('22:00');
	});

	it('the small hours belong to Saturday, the date they start on', () => {
		const saturday = onDay('2027-03-06');
		expect(saturday[0]?.start).toEqual(chicago('2027-03-06T00:00'));
		expect(times(saturday).at(-1)).toBe('01:30');
		expect(saturday).toHaveLength(7);
	});

	it('an end equal to the start is 24 hours', () => {
		const allDay = clinicInput({ weeklyHours: hoursOn([3], '09:00', '09:00') });
		const slots = wednesdaySlots(allDay, {
			serviceId: PHONE_CALL.id,
			to: date('2027-03-04')
		});
		expect(times(slots)[0]).toBe('09:00');
		expect(slotStarts(slots).at(-1)).toBe('2027-03-04T08:30:00-06:00');
	});
});

describe('closure covering part of a day', () => {
	const expectLunchClosed = (slots: OpenSlot[]) => {
		const found = times(slots);
		// 10:45 ends at 11:45 and its buffer at 12:00: it still fits.
		expect(found).toContain('10:45');
		expect(found).not.toContain('11:00');
		expect(found).not.toContain('13:45');
		expect(found).toContain('14:00');
	};

	it('given as wall-clock times at the location', () => {
		const input = clinicInput({
			closures: [
				{
					locationId: 1,
					span: {
						startDate: date(WEDNESDAY),
						startTime: '12:00',
						endDate: date(WEDNESDAY),
						endTime: '14:00'
					}
				}
			]
		});
		expectLunchClosed(wednesdaySlots(input));
	});

	it('given as instants', () => {
		const input = clinicInput({
			closures: [
				{
					locationId: 1,
					span: { start: chicago('2027-03-03T12:00'), end: chicago('2027-03-03T14:00') }
				}
			]
		});
		expectLunchClosed(wednesdaySlots(input));
	});

	it('a clinic-wide closure (no location) closes every location', () => {
		const input = clinicInput({
			closures: [
				{ locationId: null, span: { startDate: date(WEDNESDAY), endDate: date(WEDNESDAY) } }
			]
		});
		expect(wednesdaySlots(input)).toEqual([]);
		expect(
			wednesdaySlots(input, { from: date('2027-03-04'), to: date('2027-03-04') })
		).toHaveLength(28);
	});

	it('a closure at another location changes nothing here', () => {
		const input = clinicInput({
			locations: [
				{ id: 1, timeZone: 'America/Chicago' },
				{ id: 2, timeZone: 'America/Chicago' }
			],
			closures: [{ locationId: 2, span: { startDate: date(WEDNESDAY), endDate: date(WEDNESDAY) } }]
		});
		expect(wednesdaySlots(input)).toHaveLength(28);
	});
});

describe('time off across several days', () => {
	const input = clinicInput({
		timeOff: [
			{
				practitionerId: 10,
				// From Wednesday 13:00 to the end of Friday.
				span: { startDate: date(WEDNESDAY), startTime: '13:00', endDate: date('2027-03-05') }
			}
		]
	});
	const slots = findOpenSlots(input, query({ to: date('2027-03-08') }));
	const onDate = (day: string) => slots.filter((slot) => localReading(slot.start).startsWith(day));

	it('keeps the morning before it starts', () => {
		expect(times(onDate(WEDNESDAY)).at(-1)).toBe('11:45');
	});

	it('takes the whole of the days inside it', () => {
		expect(onDate('2027-03-04')).toEqual([]);
		expect(onDate('2027-03-05')).toEqual([]);
	});

	it('gives the practitioner back on the next working day', () => {
		expect(onDate('2027-03-08')).toHaveLength(28);
	});

	it('belongs to its practitioner only', () => {
		const two = clinicInput({
			...input,
			weeklyHours: [...input.weeklyHours, ...hoursOn(WEEKDAYS, '09:00', '17:00', 11)]
		});
		const others = findOpenSlots(
			two,
			query({ practitionerId: 11, from: date('2027-03-04'), to: date('2027-03-04') })
		);
		expect(others).toHaveLength(28);
	});
});

describe('extra hours', () => {
	it('open a day without weekly hours', () => {
		const input = clinicInput({
			extraHours: [
				{
					practitionerId: 10,
					locationId: 1,
					date: date('2027-03-06'),
					start: '10:00',
					end: '12:00'
				}
			]
		});
		const slots = findOpenSlots(input, query({ from: date('2027-03-06'), to: date('2027-03-06') }));
		expect(times(slots)).toEqual(['10:00', '10:15', '10:30', '10:45']);
	});

	it('join weekly hours they touch, so a slot can run across the join', () => {
		const input = clinicInput({
			extraHours: [
				{ practitionerId: 10, locationId: 1, date: date(WEDNESDAY), start: '17:00', end: '19:00' }
			]
		});
		const found = times(wednesdaySlots(input));
		expect(found).toContain('16:30');
		expect(found.at(-1)).toBe('17:45');
	});

	it('do not override time off: the engine never offers time someone said is off', () => {
		const input = clinicInput({
			extraHours: [
				{ practitionerId: 10, locationId: 1, date: date(WEDNESDAY), start: '18:00', end: '20:00' }
			],
			timeOff: [
				{ practitionerId: 10, span: { startDate: date(WEDNESDAY), endDate: date(WEDNESDAY) } }
			]
		});
		expect(wednesdaySlots(input)).toEqual([]);
	});
});

describe('buffers blocking adjacent slots', () => {
	it("an appointment's buffers and the service's own buffer keep neighbours apart", () => {
		const input = clinicInput({
			appointments: [
				appointment(chicago('2027-03-03T10:00'), 60, {
					bufferBeforeMinutes: 15,
					bufferAfterMinutes: 15,
					roomId: 2
				})
			]
		});
		const found = times(wednesdaySlots(input));
		// Held 09:45–11:15; a new slot holds 75 minutes, so nothing from 08:31 to 11:14 fits.
		expect(found).not.toContain('09:00');
		expect(found).not.toContain('11:00');
		expect(found[0]).toBe('11:15');
	});

	it('a buffer before the service must fit inside the working hours too', () => {
		const service = { ...ACUPUNCTURE, id: 5, bufferBeforeMinutes: 10 };
		const input = clinicInput({ services: [service] });
		const found = times(wednesdaySlots(input, { serviceId: service.id }));
		expect(found[0]).toBe('09:15');
	});

	it("the service's buffer before keeps it clear of the appointment before it", () => {
		const service = { ...PHONE_CALL, id: 5, bufferBeforeMinutes: 10 };
		const input = clinicInput({
			services: [service],
			weeklyHours: hoursOn([3], '10:00', '12:00'),
			appointments: [appointment(chicago('2027-03-03T10:00'), 55)]
		});
		// The appointment ends at 10:55: 11:00 would be held from 10:50, inside it; 11:15 is held
		// from 11:05.
		expect(times(wednesdaySlots(input, { serviceId: service.id }))).toEqual(['11:15', '11:30']);
	});

	it('a busy room moves the slot to the next free room', () => {
		const input = clinicInput({
			weeklyHours: [
				...hoursOn(WEEKDAYS, '09:00', '17:00'),
				...hoursOn(WEEKDAYS, '09:00', '17:00', 11)
			],
			appointments: [
				appointment(chicago('2027-03-03T09:00'), 60, { practitionerId: 11, roomId: 1 })
			]
		});
		const roomAt = (time: string) =>
			wednesdaySlots(input).find((slot) => times([slot])[0] === time)?.roomId;
		expect(roomAt('09:00')).toBe(2);
		expect(roomAt('09:45')).toBe(2);
		// Room 1 is held until 10:00 (that appointment has no buffer), so 10:00 gets it back.
		expect(roomAt('10:00')).toBe(1);
	});
});

describe('room kinds', () => {
	const twoPractitionersOneRoom = clinicInput({
		weeklyHours: [
			...hoursOn(WEEKDAYS, '09:00', '17:00'),
			...hoursOn(WEEKDAYS, '09:00', '17:00', 11)
		],
		rooms: [
			{ id: 1, locationId: 1, kind: 'treatment' },
			{ id: 2, locationId: 1, kind: 'massage' }
		]
	});

	it('uses only rooms of the kind the service needs', () => {
		const slots = wednesdaySlots(twoPractitionersOneRoom, { practitionerId: 'any' });
		expect(slots.every((slot) => slot.roomId === 1)).toBe(true);
	});

	it('two practitioners free but only one room: once it is booked, one slot remains', () => {
		const booked = clinicInput({
			...twoPractitionersOneRoom,
			appointments: [
				appointment(chicago('2027-03-03T12:00'), 60, { practitionerId: 10, roomId: 1 })
			]
		});
		const atNoon = wednesdaySlots(booked, { practitionerId: 'any' }).filter(
			(slot) => times([slot])[0] === '12:00'
		);
		expect(atNoon).toEqual([]);
		// Practitioner 11 is free at noon but the only treatment room is not.
		const before = wednesdaySlots(twoPractitionersOneRoom, { practitionerId: 'any' }).filter(
			(slot) => times([slot])[0] === '12:00'
		);
		expect(before.map((slot) => slot.practitionerId)).toEqual([10, 11]);
	});

	it('a location without a room of the kind offers nothing', () => {
		const input = clinicInput({ rooms: [{ id: 2, locationId: 1, kind: 'massage' }] });
		expect(wednesdaySlots(input)).toEqual([]);
	});
});

describe('minimum notice', () => {
	it('no slot starts before now plus the notice', () => {
		const today = (now: string) =>
			times(
				findOpenSlots(
					clinicInput({ now: chicago(now) }),
					query({ from: date('2027-03-01'), to: date('2027-03-01') })
				)
			)[0];
		expect(today('2027-03-01T08:00')).toBe('10:00');
		expect(today('2027-03-01T08:05')).toBe('10:15');
	});

	it('a query for days already past offers nothing', () => {
		const slots = findOpenSlots(
			clinicInput({ now: chicago('2027-03-10T08:00') }),
			query({ from: date('2027-03-01'), to: date('2027-03-09') })
		);
		expect(slots).toEqual([]);
	});
});

describe('booking window', () => {
	it('no slot on a date after today plus the window', () => {
		const slots = findOpenSlots(
			clinicInput(),
			query({ from: date('2027-04-28'), to: date('2027-05-05') })
		);
		// Today is 2027-03-01; 60 days later is Friday 2027-04-30.
		expect(localReading(slots.at(-1)!.start).slice(0, 10)).toBe('2027-04-30');
	});

	it('"today" is the date in the location\'s zone, not in UTC', () => {
		// 21:00 on 1 March in Chicago is already 2 March in UTC.
		const input = clinicInput({ now: chicago('2027-03-01T21:00') });
		const slots = findOpenSlots(input, query({ from: date('2027-04-28'), to: date('2027-05-05') }));
		expect(localReading(slots.at(-1)!.start).slice(0, 10)).toBe('2027-04-30');
	});
});

describe("'any' merge", () => {
	const input = clinicInput({
		weeklyHours: [
			...hoursOn([3], '09:00', '11:00', 12),
			...hoursOn([3], '09:30', '11:00', 11),
			...hoursOn([3], '10:00', '11:00', 10)
		],
		services: [PHONE_CALL]
	});

	it('keeps one entry per practitioner per start, sorted by start then practitioner', () => {
		const slots = wednesdaySlots(input, { practitionerId: 'any', serviceId: PHONE_CALL.id });
		expect(slots.map((slot) => `${times([slot])[0]}#${slot.practitionerId}`)).toEqual([
			'09:00#12',
			'09:15#12',
			'09:30#11',
			'09:30#12',
			'09:45#11',
			'09:45#12',
			'10:00#10',
			'10:00#11',
			'10:00#12',
			'10:15#10',
			'10:15#11',
			'10:15#12',
			'10:30#10',
			'10:30#11',
			'10:30#12'
		]);
	});

	it('can be limited to the practitioners who offer the service', () => {
		const slots = wednesdaySlots(input, {
			practitionerId: 'any',
			serviceId: PHONE_CALL.id,
			practitionerIds: [10, 11]
		});
		expect(new Set(slots.map((slot) => slot.practitionerId))).toEqual(new Set([10, 11]));
	});

	it('merges locations, each read in its own zone', () => {
		const twoPlaces = clinicInput({
			locations: [
				{ id: 1, timeZone: 'America/Chicago' },
				{ id: 2, timeZone: 'America/New_York' }
			],
			weeklyHours: [
				...hoursOn([3], '09:00', '10:00', 10, 1),
				...hoursOn([3], '09:00', '10:00', 11, 2)
			],
			services: [PHONE_CALL]
		});
		const slots = wednesdaySlots(twoPlaces, { practitionerId: 'any', serviceId: PHONE_CALL.id });
		expect(
			slots.map((slot) => [slot.start.toString(), slot.practitionerId, slot.locationId])
		).toEqual([
			['2027-03-03T14:00:00Z', 11, 2],
			['2027-03-03T14:15:00Z', 11, 2],
			['2027-03-03T14:30:00Z', 11, 2],
			['2027-03-03T15:00:00Z', 10, 1],
			['2027-03-03T15:15:00Z', 10, 1],
			['2027-03-03T15:30:00Z', 10, 1]
		]);
	});
});

describe('one practitioner, one location', () => {
	const twoPractitioners = clinicInput({
		weeklyHours: [...hoursOn([3], '09:00', '10:00', 10), ...hoursOn([3], '13:00', '14:00', 11)],
		services: [PHONE_CALL]
	});

	it('a query for one practitioner is answered with that practitioner’s slots only', () => {
		const slots = wednesdaySlots(twoPractitioners, {
			practitionerId: 11,
			serviceId: PHONE_CALL.id
		});
		expect(slots.map((slot) => `${times([slot])[0]}#${slot.practitionerId}`)).toEqual([
			'13:00#11',
			'13:15#11',
			'13:30#11'
		]);
	});

	const twoPlaces = clinicInput({
		locations: [
			{ id: 1, timeZone: 'America/Chicago' },
			{ id: 2, timeZone: 'America/Chicago' }
		],
		// The same practitioner, entered with overlapping hours at both places.
		weeklyHours: [
			...hoursOn([3], '09:00', '10:00', 10, 1),
			...hoursOn([3], '09:30', '11:00', 10, 2)
		],
		services: [PHONE_CALL]
	});

	it('a practitioner with overlapping hours at two locations is offered each time once, at the lower location', () => {
		for (const practitionerId of [10, 'any'] as const) {
			const slots = wednesdaySlots(twoPlaces, { practitionerId, serviceId: PHONE_CALL.id });
			expect(slots.map((slot) => `${times([slot])[0]}@${slot.locationId}`)).toEqual([
				'09:00@1',
				'09:15@1',
				'09:30@1',
				'09:45@2',
				'10:00@2',
				'10:15@2',
				'10:30@2'
			]);
		}
	});

	it('a query naming a location is answered with that location’s slots only', () => {
		const atSecond = wednesdaySlots(twoPlaces, { locationId: 2, serviceId: PHONE_CALL.id });
		expect(atSecond.map((slot) => `${times([slot])[0]}@${slot.locationId}`)).toEqual([
			'09:30@2',
			'09:45@2',
			'10:00@2',
			'10:15@2',
			'10:30@2'
		]);
		const atFirst = wednesdaySlots(twoPlaces, { locationId: 1, serviceId: PHONE_CALL.id });
		expect(atFirst.map((slot) => `${times([slot])[0]}@${slot.locationId}`)).toEqual([
			'09:00@1',
			'09:15@1',
			'09:30@1'
		]);
	});
});

describe('input mistakes', () => {
	it('an unknown service is the caller’s bug', () => {
		expect(() => wednesdaySlots(clinicInput(), { serviceId: 99 })).toThrow(RangeError);
	});

	it('a slot step of zero or less is refused rather than looped on', () => {
		for (const slotStepMinutes of [0, -15, Number.NaN]) {
			const input = clinicInput({
				policy: { slotStepMinutes, minimumNoticeMinutes: 120, bookingWindowDays: 60 }
			});
			expect(() => wednesdaySlots(input)).toThrow(/slot step/);
		}
	});

	it('a malformed wall-clock time is refused rather than guessed', () => {
		const input = clinicInput({ weeklyHours: hoursOn([3], '9:00', '17:00') });
		expect(() => wednesdaySlots(input)).toThrow(/HH:MM/);
	});
});
