import { describe, expect, it } from 'vitest';
import { findOpenSlots } from './open-slots';
import {
	clinicInput,
	date,
	hoursOn,
	localReading,
	PHONE_CALL,
	slotStarts,
	WEEKDAYS
} from './test-fixtures';
import type { SchedulingInput, SchedulingService, WeeklyWorkingHours } from './types';

/** A one-hour service with no room and no buffers, so only the clock decides. */
const HOUR: SchedulingService = { ...PHONE_CALL, id: 3, durationMinutes: 60 };

function sundayHours(
	start: string,
	end: string,
	timeZone = 'America/Chicago',
	step = 15
): SchedulingInput {
	const weeklyHours: WeeklyWorkingHours[] = hoursOn([7], start, end);
	return clinicInput({
		locations: [{ id: 1, timeZone }],
		weeklyHours,
		services: [HOUR, PHONE_CALL],
		policy: { slotStepMinutes: step, minimumNoticeMinutes: 0, bookingWindowDays: 365 }
	});
}

function slotsOn(input: SchedulingInput, day: string, serviceId = HOUR.id) {
	return findOpenSlots(input, {
		serviceId,
		practitionerId: 10,
		from: date(day),
		to: date(day)
	});
}

function realMinutesBetween(a: { start: { epochMilliseconds: number } }[]): number[] {
	return a.slice(1).map((slot, index) => {
		const previous = a[index];
		return previous
			? (slot.start.epochMilliseconds - previous.start.epochMilliseconds) / 60_000
			: 0;
	});
}

describe('DST spring forward (America/Chicago, 2027-03-14)', () => {
	it('offers only real instants: hours 01:00–04:00 hold two real hours', () => {
		const slots = slotsOn(sundayHours('01:00', '04:00'), '2027-03-14');
		expect(slotStarts(slots)).toEqual([
			'2027-03-14T01:00:00-06:00',
			'2027-03-14T01:15:00-06:00',
			'2027-03-14T01:30:00-06:00',
			'2027-03-14T01:45:00-06:00',
			'2027-03-14T03:00:00-05:00'
		]);
		// Each slot lasts one real hour, even across the jump.
		expect(slots.map((slot) => localReading(slot.end))).toEqual([
			'2027-03-14T03:00:00-05:00',
			'2027-03-14T03:15:00-05:00',
			'2027-03-14T03:30:00-05:00',
			'2027-03-14T03:45:00-05:00',
			'2027-03-14T04:00:00-05:00'
		]);
	});

	it('never offers a 02:xx time, never doubles one, never shifts one an hour', () => {
		const slots = slotsOn(sundayHours('01:00', '04:00'), '2027-03-14', PHONE_CALL.id);
		const readings = slotStarts(slots);
		expect(readings.some((reading) => reading.includes('T02:'))).toBe(false);
		expect(new Set(readings).size).toBe(readings.length);
		expect(realMinutesBetween(slots).every((minutes) => minutes === 15)).toBe(true);
		expect(readings).toHaveLength(7);
		expect(readings.at(-1)).toBe('2027-03-14T03:30:00-05:00');
	});

	it('a start inside the gap begins when the clocks jump (02:30 is 03:00 CDT)', () => {
		const slots = slotsOn(sundayHours('02:30', '05:00', 'America/Chicago', 30), '2027-03-14');
		expect(slotStarts(slots)).toEqual([
			'2027-03-14T03:00:00-05:00',
			'2027-03-14T03:30:00-05:00',
			'2027-03-14T04:00:00-05:00'
		]);
	});

	it('an end inside the gap ends when the clocks jump (00:00–02:30 is two real hours)', () => {
		const slots = slotsOn(sundayHours('00:00', '02:30', 'America/Chicago', 30), '2027-03-14');
		expect(slotStarts(slots)).toEqual([
			'2027-03-14T00:00:00-06:00',
			'2027-03-14T00:30:00-06:00',
			'2027-03-14T01:00:00-06:00'
		]);
	});

	it('hours wholly inside the gap offer nothing', () => {
		expect(slotsOn(sundayHours('02:00', '02:45'), '2027-03-14', PHONE_CALL.id)).toEqual([]);
	});

	it('keeps the wall-clock grid after the jump when the jump is not a whole number of steps', () => {
		// Step 45 from 00:00: 00:00, 00:45, 01:30, (02:15 does not exist), 03:00, 03:45.
		const slots = slotsOn(sundayHours('00:00', '05:00', 'America/Chicago', 45), '2027-03-14');
		expect(slotStarts(slots)).toEqual([
			'2027-03-14T00:00:00-06:00',
			'2027-03-14T00:45:00-06:00',
			'2027-03-14T01:30:00-06:00',
			'2027-03-14T03:00:00-05:00',
			'2027-03-14T03:45:00-05:00'
		]);
	});
});

describe('ambiguous fall-back (America/Chicago, 2027-11-07)', () => {
	it('offers both 01:xx hours once each, with their own offsets', () => {
		const slots = slotsOn(sundayHours('00:00', '04:00', 'America/Chicago', 30), '2027-11-07');
		expect(slotStarts(slots)).toEqual([
			'2027-11-07T00:00:00-05:00',
			'2027-11-07T00:30:00-05:00',
			'2027-11-07T01:00:00-05:00',
			'2027-11-07T01:30:00-05:00',
			'2027-11-07T01:00:00-06:00',
			'2027-11-07T01:30:00-06:00',
			'2027-11-07T02:00:00-06:00',
			'2027-11-07T02:30:00-06:00',
			'2027-11-07T03:00:00-06:00'
		]);
		// Five real hours of work: starts every 30 real minutes, none doubled, none lost.
		expect(realMinutesBetween(slots).every((minutes) => minutes === 30)).toBe(true);
	});

	it('a start inside the fold is its first showing (01:30 is 01:30 CDT)', () => {
		const slots = slotsOn(sundayHours('01:30', '03:00', 'America/Chicago', 30), '2027-11-07');
		expect(slotStarts(slots)).toEqual([
			'2027-11-07T01:30:00-05:00',
			'2027-11-07T01:00:00-06:00',
			'2027-11-07T01:30:00-06:00',
			'2027-11-07T02:00:00-06:00'
		]);
	});

	it('an end inside the fold is its first showing too (00:00–01:30 is 1.5 real hours)', () => {
		const slots = slotsOn(sundayHours('00:00', '01:30', 'America/Chicago', 30), '2027-11-07');
		expect(slotStarts(slots)).toEqual(['2027-11-07T00:00:00-05:00', '2027-11-07T00:30:00-05:00']);
	});
});

describe('offsets on both sides of each change (America/Chicago)', () => {
	const weekdaysAndWeekend = hoursOn([...WEEKDAYS, 6, 7], '09:00', '10:00');
	const input = clinicInput({
		weeklyHours: weekdaysAndWeekend,
		services: [HOUR],
		policy: { slotStepMinutes: 60, minimumNoticeMinutes: 0, bookingWindowDays: 365 }
	});
	const nineOClock = (day: string) => {
		const [slot] = slotsOn(input, day);
		return slot ? [localReading(slot.start), slot.start.toString()] : [];
	};

	it('spring: CST the day before, CDT on the day and after', () => {
		expect(nineOClock('2027-03-13')).toEqual(['2027-03-13T09:00:00-06:00', '2027-03-13T15:00:00Z']);
		expect(nineOClock('2027-03-14')).toEqual(['2027-03-14T09:00:00-05:00', '2027-03-14T14:00:00Z']);
		expect(nineOClock('2027-03-15')).toEqual(['2027-03-15T09:00:00-05:00', '2027-03-15T14:00:00Z']);
	});

	it('fall: CDT the day before, CST on the day and after', () => {
		expect(nineOClock('2027-11-06')).toEqual(['2027-11-06T09:00:00-05:00', '2027-11-06T14:00:00Z']);
		expect(nineOClock('2027-11-07')).toEqual(['2027-11-07T09:00:00-06:00', '2027-11-07T15:00:00Z']);
		expect(nineOClock('2027-11-08')).toEqual(['2027-11-08T09:00:00-06:00', '2027-11-08T15:00:00Z']);
	});

	it('a week across the change keeps 09:00 local every day', () => {
		const slots = findOpenSlots(input, {
			serviceId: HOUR.id,
			practitionerId: 10,
			from: date('2027-03-10'),
			to: date('2027-03-17')
		});
		expect(slots.map((slot) => localReading(slot.start).slice(10, 19))).toEqual(
			Array(8).fill('T09:00:00')
		);
	});
});

describe('30-minute shift (Australia/Lord_Howe)', () => {
	const zone = 'Australia/Lord_Howe';

	it('spring forward 2027-10-03: 02:00 and 02:15 do not exist', () => {
		const slots = slotsOn(sundayHours('01:00', '04:00', zone), '2027-10-03', PHONE_CALL.id);
		expect(slotStarts(slots, zone)).toEqual([
			'2027-10-03T01:00:00+10:30',
			'2027-10-03T01:15:00+10:30',
			'2027-10-03T01:30:00+10:30',
			'2027-10-03T01:45:00+10:30',
			'2027-10-03T02:30:00+11:00',
			'2027-10-03T02:45:00+11:00',
			'2027-10-03T03:00:00+11:00',
			'2027-10-03T03:15:00+11:00',
			'2027-10-03T03:30:00+11:00'
		]);
		expect(realMinutesBetween(slots).every((minutes) => minutes === 15)).toBe(true);
	});

	it('fall back 2027-04-04: 01:30 and 01:45 are offered at both offsets', () => {
		const slots = slotsOn(sundayHours('01:00', '03:00', zone), '2027-04-04', PHONE_CALL.id);
		expect(slotStarts(slots, zone)).toEqual([
			'2027-04-04T01:00:00+11:00',
			'2027-04-04T01:15:00+11:00',
			'2027-04-04T01:30:00+11:00',
			'2027-04-04T01:45:00+11:00',
			'2027-04-04T01:30:00+10:30',
			'2027-04-04T01:45:00+10:30',
			'2027-04-04T02:00:00+10:30',
			'2027-04-04T02:15:00+10:30',
			'2027-04-04T02:30:00+10:30'
		]);
		expect(realMinutesBetween(slots).every((minutes) => minutes === 15)).toBe(true);
	});
});

describe('zone without DST (America/Phoenix, Asia/Tokyo)', () => {
	it.each([
		['America/Phoenix', '-07:00'],
		['Asia/Tokyo', '+09:00']
	])('%s keeps one offset through the US change days', (zone, offset) => {
		const input = sundayHours('09:00', '10:00', zone, 60);
		for (const day of ['2027-03-14', '2027-11-07']) {
			expect(slotStarts(slotsOn(input, day), zone)).toEqual([`${day}T09:00:00${offset}`]);
		}
	});

	it('Phoenix 09:00 is 16:00 UTC on both sides of the US change', () => {
		const phoenix = sundayHours('09:00', '10:00', 'America/Phoenix', 60);
		expect(slotsOn(phoenix, '2027-03-07')[0]?.start.toString()).toBe('2027-03-07T16:00:00Z');
		expect(slotsOn(phoenix, '2027-03-14')[0]?.start.toString()).toBe('2027-03-14T16:00:00Z');
	});
});
