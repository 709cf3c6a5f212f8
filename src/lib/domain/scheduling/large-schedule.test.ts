import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { APPOINTMENTS, largeSchedule, PRACTITIONERS } from './large-schedule-fixture';
import { findOpenSlots } from './open-slots';
import { CHICAGO } from './test-fixtures';

describe('a benchmark-sized schedule', () => {
	const { input, query } = largeSchedule();
	const slots = findOpenSlots(input, query);

	it('is built at the benchmark size', () => {
		expect(input.appointments).toHaveLength(APPOINTMENTS);
		expect(new Set(input.weeklyHours.map((hours) => hours.practitionerId)).size).toBe(
			PRACTITIONERS
		);
	});

	it('offers a sane number of slots from every practitioner', () => {
		expect(slots.length).toBeGreaterThan(500);
		// At most every 15 minutes of 9 hours a day, 27 days with hours, 10 practitioners.
		expect(slots.length).toBeLessThan(36 * 27 * PRACTITIONERS);
		expect(new Set(slots.map((slot) => slot.practitionerId)).size).toBe(PRACTITIONERS);
	});

	it('keeps order, the range, the notice and the time off and closure', () => {
		const local = slots.map((slot) => slot.start.toZonedDateTimeISO(CHICAGO));
		for (let index = 1; index < slots.length; index += 1) {
			const a = slots[index - 1]!;
			const b = slots[index]!;
			expect(
				Temporal.Instant.compare(a.start, b.start) || a.practitionerId - b.practitionerId
			).toBeLessThan(0);
		}
		const dates = local.map((zoned) => zoned.toPlainDate().toString());
		expect(dates.every((day) => day >= '2027-10-20' && day <= '2027-11-19')).toBe(true);
		expect(dates).not.toContain('2027-11-11');
		expect(slots[0]!.start.epochMilliseconds).toBeGreaterThanOrEqual(
			input.now.epochMilliseconds + 2 * 3_600_000
		);
		const offDuringLeave = slots.filter(
			(slot, index) =>
				slot.practitionerId === 3 && dates[index]! >= '2027-10-25' && dates[index]! <= '2027-10-29'
		);
		expect(offDuringLeave).toEqual([]);
	});

	it('offers no slot that collides with a busy practitioner or room', () => {
		const busy = new Map<string, { start: number; end: number }[]>();
		for (const appointment of input.appointments) {
			const held = {
				start: appointment.start.epochMilliseconds,
				end: appointment.end.epochMilliseconds + 10 * 60_000
			};
			for (const key of [`p${appointment.practitionerId}`, `r${appointment.roomId}`]) {
				const list = busy.get(key);
				if (list) list.push(held);
				else busy.set(key, [held]);
			}
		}
		for (const slot of slots) {
			const start = slot.start.epochMilliseconds;
			const end = slot.end.epochMilliseconds + 15 * 60_000;
			for (const key of [`p${slot.practitionerId}`, `r${slot.roomId}`]) {
				const clash = (busy.get(key) ?? []).some((held) => held.start < end && start < held.end);
				expect(clash).toBe(false);
			}
		}
	});
});
