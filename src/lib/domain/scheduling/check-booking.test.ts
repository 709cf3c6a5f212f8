import { describe, expect, it } from 'vitest';
import { checkBooking } from './check-booking';
import { findOpenSlots } from './open-slots';
import {
	ACUPUNCTURE,
	appointment,
	chicago,
	clinicInput,
	date,
	hoursOn,
	PHONE_CALL,
	WEEKDAYS
} from './test-fixtures';
import type { BookingRequest, SchedulingInput, SchedulingService } from './types';

/** 30 minutes of cupping with 10 minutes to prepare the room before. */
const CUPPING: SchedulingService = {
	id: 3,
	durationMinutes: 30,
	bufferBeforeMinutes: 10,
	bufferAfterMinutes: 0,
	roomKind: 'treatment'
};

function request(start: string, overrides: Partial<BookingRequest> = {}): BookingRequest {
	return { serviceId: ACUPUNCTURE.id, practitionerId: 10, start: chicago(start), ...overrides };
}

function reason(input: SchedulingInput, booking: BookingRequest) {
	const result = checkBooking(input, booking);
	return result.open ? 'open' : result.reason;
}

describe('the single-booking check', () => {
	it('accepts an open time and names the room and location to use', () => {
		expect(checkBooking(clinicInput(), request('2027-03-03T10:00'))).toEqual({
			open: true,
			slot: {
				start: chicago('2027-03-03T10:00'),
				end: chicago('2027-03-03T11:00'),
				practitionerId: 10,
				locationId: 1,
				roomId: 1
			}
		});
	});

	it('agrees with the slot list: every offered slot is open, with the same room', () => {
		const input = clinicInput({
			appointments: [
				appointment(chicago('2027-03-03T10:00'), 60, { practitionerId: 11, roomId: 1 })
			]
		});
		const slots = findOpenSlots(input, {
			serviceId: ACUPUNCTURE.id,
			practitionerId: 10,
			from: date('2027-03-03'),
			to: date('2027-03-03')
		});
		for (const slot of slots) {
			const result = checkBooking(input, {
				serviceId: ACUPUNCTURE.id,
				practitionerId: 10,
				start: slot.start
			});
			expect(result).toEqual({ open: true, slot });
		}
	});

	it('too_soon: before now plus the minimum notice', () => {
		expect(reason(clinicInput(), request('2027-03-01T09:45'))).toBe('too_soon');
		expect(reason(clinicInput(), request('2027-03-01T10:00'))).toBe('open');
	});

	it('too_far_ahead: on a date after today plus the booking window', () => {
		expect(reason(clinicInput(), request('2027-04-30T09:00'))).toBe('open');
		expect(reason(clinicInput(), request('2027-05-03T09:00'))).toBe('too_far_ahead');
	});

	it('outside_hours: not working, or the service and its buffer do not fit', () => {
		expect(reason(clinicInput(), request('2027-03-06T10:00'))).toBe('outside_hours');
		expect(reason(clinicInput(), request('2027-03-03T16:00'))).toBe('outside_hours');
		expect(reason(clinicInput(), request('2027-03-03T15:45'))).toBe('open');
		// 15:50 ends at 16:50, but the 15-minute buffer after it runs past 17:00.
		expect(reason(clinicInput(), request('2027-03-03T15:50'))).toBe('outside_hours');
	});

	it('outside_hours: time off', () => {
		const input = clinicInput({
			timeOff: [
				{ practitionerId: 10, span: { startDate: date('2027-03-02'), endDate: date('2027-03-04') } }
			]
		});
		expect(reason(input, request('2027-03-03T10:00'))).toBe('outside_hours');
	});

	it('closed: a closure overlaps hours the practitioner would have worked', () => {
		const input = clinicInput({
			closures: [
				{
					locationId: 1,
					span: {
						startDate: date('2027-03-03'),
						startTime: '12:00',
						endDate: date('2027-03-03'),
						endTime: '14:00'
					}
				}
			]
		});
		// The service ends at 12:00 but its buffer runs into the closure.
		expect(reason(input, request('2027-03-03T11:00'))).toBe('closed');
		expect(reason(input, request('2027-03-03T10:45'))).toBe('open');
	});

	it('practitioner_busy: an appointment or its buffer overlaps', () => {
		const input = clinicInput({
			appointments: [appointment(chicago('2027-03-03T11:00'), 60, { bufferBeforeMinutes: 10 })]
		});
		// 09:50 + 60 + 15 buffer reaches 11:05, and the appointment is held from 10:50.
		expect(reason(input, request('2027-03-03T09:50'))).toBe('practitioner_busy');
		expect(reason(input, request('2027-03-03T09:30'))).toBe('open');
	});

	it('the service’s buffer before: one minute inside it is refused, at its edge and beyond is open', () => {
		const input = clinicInput({
			services: [ACUPUNCTURE, PHONE_CALL, CUPPING],
			appointments: [appointment(chicago('2027-03-03T10:00'), 60)]
		});
		const cupping = (start: string) => request(start, { serviceId: CUPPING.id });
		// The appointment ends at 11:00; cupping at 11:09 is held from 10:59.
		expect(reason(input, cupping('2027-03-03T11:09'))).toBe('practitioner_busy');
		expect(reason(input, cupping('2027-03-03T11:01'))).toBe('practitioner_busy');
		expect(reason(input, cupping('2027-03-03T11:10'))).toBe('open');
		expect(reason(input, cupping('2027-03-03T11:11'))).toBe('open');
		// Hours begin at 09:00: the buffer must fit inside them too.
		expect(reason(input, cupping('2027-03-03T09:09'))).toBe('outside_hours');
		expect(reason(input, cupping('2027-03-03T09:10'))).toBe('open');
		expect(reason(input, cupping('2027-03-03T09:30'))).toBe('open');
	});

	it('no_room: every room of the kind is taken', () => {
		const input = clinicInput({
			appointments: [
				appointment(chicago('2027-03-03T10:00'), 60, { practitionerId: 11, roomId: 1 }),
				appointment(chicago('2027-03-03T10:00'), 60, { practitionerId: 12, roomId: 2 })
			]
		});
		expect(reason(input, request('2027-03-03T10:00'))).toBe('no_room');
	});

	it('a named room must be free, of the right kind and at the location', () => {
		const input = clinicInput({
			rooms: [
				{ id: 1, locationId: 1, kind: 'treatment' },
				{ id: 2, locationId: 1, kind: 'treatment' },
				{ id: 3, locationId: 1, kind: 'massage' },
				{ id: 4, locationId: 2, kind: 'treatment' }
			],
			appointments: [
				appointment(chicago('2027-03-03T10:00'), 60, { practitionerId: 11, roomId: 2 })
			]
		});
		expect(reason(input, request('2027-03-03T10:00', { roomId: 2 }))).toBe('no_room');
		expect(reason(input, request('2027-03-03T10:00', { roomId: 3 }))).toBe('no_room');
		expect(reason(input, request('2027-03-03T10:00', { roomId: 4 }))).toBe('no_room');
		const named = checkBooking(input, request('2027-03-03T10:00', { roomId: 1 }));
		expect(named.open && named.slot.roomId).toBe(1);
		// No room named (null): the lowest-numbered free room is chosen.
		const unnamed = checkBooking(input, request('2027-03-03T10:00', { roomId: null }));
		expect(unnamed.open && unnamed.slot.roomId).toBe(1);
	});

	it('a service without a room kind may still be given a named room', () => {
		const result = checkBooking(clinicInput(), {
			...request('2027-03-03T10:00', { roomId: 2 }),
			serviceId: PHONE_CALL.id
		});
		expect(result.open && result.slot.roomId).toBe(2);
	});

	it('a named room at a location without rooms is refused, not an error', () => {
		const input = clinicInput({
			locations: [
				{ id: 1, timeZone: 'America/Chicago' },
				{ id: 2, timeZone: 'America/Chicago' }
			],
			weeklyHours: hoursOn([3], '09:00', '17:00', 10, 2)
		});
		expect(reason(input, request('2027-03-03T10:00', { locationId: 2, roomId: 1 }))).toBe(
			'no_room'
		);
	});

	it('a service without a room needs none', () => {
		const result = checkBooking(clinicInput({ rooms: [] }), {
			...request('2027-03-03T10:00'),
			serviceId: PHONE_CALL.id
		});
		expect(result.open && result.slot.roomId).toBeNull();
	});

	it('does not require the slot grid, so the front desk can book 10:05', () => {
		expect(reason(clinicInput(), request('2027-03-03T10:05'))).toBe('open');
	});

	it('finds the location where the practitioner works at that time', () => {
		const input = clinicInput({
			locations: [
				{ id: 1, timeZone: 'America/Chicago' },
				{ id: 2, timeZone: 'America/Chicago' }
			],
			weeklyHours: [
				...hoursOn([1, 2], '09:00', '17:00', 10, 1),
				...hoursOn([3], '09:00', '17:00', 10, 2)
			],
			rooms: [
				{ id: 1, locationId: 1, kind: 'treatment' },
				{ id: 7, locationId: 2, kind: 'treatment' }
			]
		});
		const result = checkBooking(input, request('2027-03-03T10:00'));
		expect(result.open && [result.slot.locationId, result.slot.roomId]).toEqual([2, 7]);
		expect(reason(input, request('2027-03-03T10:00', { locationId: 1 }))).toBe('outside_hours');
	});

	it('books at the location named, with that location’s room', () => {
		const input = clinicInput({
			locations: [
				{ id: 1, timeZone: 'America/Chicago' },
				{ id: 2, timeZone: 'America/Chicago' }
			],
			weeklyHours: [
				...hoursOn([3], '09:00', '17:00', 10, 1),
				...hoursOn([3], '09:00', '17:00', 10, 2)
			],
			rooms: [
				{ id: 1, locationId: 1, kind: 'treatment' },
				{ id: 7, locationId: 2, kind: 'treatment' }
			]
		});
		expect(checkBooking(input, request('2027-03-03T10:00', { locationId: 2 }))).toEqual({
			open: true,
			slot: {
				start: chicago('2027-03-03T10:00'),
				end: chicago('2027-03-03T11:00'),
				practitionerId: 10,
				locationId: 2,
				roomId: 7
			}
		});
		const unnamed = checkBooking(input, request('2027-03-03T10:00'));
		expect(unnamed.open && [unnamed.slot.locationId, unnamed.slot.roomId]).toEqual([1, 1]);
		// Unnamed, the lowest-numbered location is chosen whatever order they were listed in.
		const listedBackwards = { ...input, locations: [...input.locations].reverse() };
		const lowest = checkBooking(listedBackwards, request('2027-03-03T10:00'));
		expect(lowest.open && lowest.slot.locationId).toBe(1);
	});

	it('reports the refusal that got furthest when no location was named', () => {
		const input = clinicInput({
			locations: [
				{ id: 1, timeZone: 'America/Chicago' },
				{ id: 2, timeZone: 'America/Chicago' }
			],
			weeklyHours: [
				...hoursOn(WEEKDAYS, '09:00', '12:00', 10, 1),
				...hoursOn(WEEKDAYS, '13:00', '17:00', 10, 2)
			],
			appointments: [appointment(chicago('2027-03-03T14:00'), 60)]
		});
		expect(reason(input, request('2027-03-03T14:00'))).toBe('practitioner_busy');
		expect(reason(input, request('2027-03-03T12:15'))).toBe('outside_hours');
		// The same when the furthest refusal is at the lower-numbered location.
		const swapped = clinicInput({
			locations: input.locations,
			weeklyHours: [
				...hoursOn(WEEKDAYS, '13:00', '17:00', 10, 1),
				...hoursOn(WEEKDAYS, '09:00', '12:00', 10, 2)
			],
			appointments: input.appointments
		});
		expect(reason(swapped, request('2027-03-03T14:00'))).toBe('practitioner_busy');
	});

	it('a practitioner with no hours anywhere is outside_hours', () => {
		expect(reason(clinicInput(), request('2027-03-03T10:00', { practitionerId: 99 }))).toBe(
			'outside_hours'
		);
	});

	it('on a spring-forward night checks the real instant', () => {
		const input = clinicInput({
			weeklyHours: hoursOn([7], '01:00', '04:00'),
			policy: { slotStepMinutes: 15, minimumNoticeMinutes: 0, bookingWindowDays: 60 }
		});
		const phone = (start: string) => ({
			serviceId: PHONE_CALL.id,
			practitionerId: 10,
			start: chicago(start)
		});
		// 01:45 CST + 30 minutes is 03:15 CDT: inside the two real hours.
		expect(reason(input, phone('2027-03-14T01:45'))).toBe('open');
		expect(reason(input, phone('2027-03-14T03:30'))).toBe('open');
		expect(reason(input, phone('2027-03-14T03:45'))).toBe('outside_hours');
	});
});
