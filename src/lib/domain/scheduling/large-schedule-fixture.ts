import { Temporal } from 'temporal-polyfill';
import { CHICAGO, hoursOn } from './test-fixtures';
import type { BookedAppointment, SchedulingInput, SlotQuery } from './types';

/** Practitioners in the benchmark-sized schedule. */
export const PRACTITIONERS = 10;
/** Existing appointments in the benchmark-sized schedule. */
export const APPOINTMENTS = 5_000;

/**
 * The benchmark's size: 31 days, 10 practitioners, 4 rooms, 5,000 existing appointments
 * (most in the past, as in a real clinic's table). Built deterministically so a failure can be
 * reproduced; the Park–Miller generator stands in for chance.
 */
export function largeSchedule(): { input: SchedulingInput; query: SlotQuery } {
	const now = Temporal.ZonedDateTime.from(`2027-10-20T07:00[${CHICAGO}]`);
	let seed = 20271020;
	const next = () => {
		seed = (seed * 48_271) % 2_147_483_647;
		return seed / 2_147_483_647;
	};
	const appointments: BookedAppointment[] = [];
	for (let day = -90; appointments.length < APPOINTMENTS; day += 1) {
		const date = now.toPlainDate().add({ days: day });
		if (date.dayOfWeek > 5) continue;
		for (let practitionerId = 1; practitionerId <= PRACTITIONERS; practitionerId += 1) {
			for (let hour = 8; hour < 18 && appointments.length < APPOINTMENTS; hour += 1) {
				if (next() < 0.45) continue;
				const start = date
					.toPlainDateTime({ hour, minute: next() < 0.5 ? 0 : 15 })
					.toZonedDateTime(CHICAGO)
					.toInstant();
				appointments.push({
					practitionerId,
					roomId: 1 + Math.floor(next() * 4),
					start,
					end: start.add({ minutes: 45 }),
					bufferBeforeMinutes: 0,
					bufferAfterMinutes: 10
				});
			}
		}
	}
	const input: SchedulingInput = {
		now: now.toInstant(),
		locations: [{ id: 1, timeZone: CHICAGO }],
		weeklyHours: Array.from({ length: PRACTITIONERS }, (_, index) => [
			...hoursOn([1, 2, 3, 4, 5], '08:00', '12:30', index + 1),
			...hoursOn([1, 2, 3, 4, 5], '13:30', '18:00', index + 1),
			...hoursOn([6], '09:00', '13:00', index + 1)
		]).flat(),
		extraHours: [],
		timeOff: [
			{
				practitionerId: 3,
				span: {
					startDate: Temporal.PlainDate.from('2027-10-25'),
					endDate: Temporal.PlainDate.from('2027-10-29')
				}
			}
		],
		closures: [
			{
				locationId: 1,
				span: {
					startDate: Temporal.PlainDate.from('2027-11-11'),
					endDate: Temporal.PlainDate.from('2027-11-11')
				}
			}
		],
		rooms: [1, 2, 3, 4].map((id) => ({ id, locationId: 1, kind: 'treatment' })),
		services: [
			{
				id: 1,
				durationMinutes: 60,
				bufferBeforeMinutes: 0,
				bufferAfterMinutes: 15,
				roomKind: 'treatment'
			}
		],
		policy: { slotStepMinutes: 15, minimumNoticeMinutes: 120, bookingWindowDays: 60 },
		appointments
	};
	const query: SlotQuery = {
		serviceId: 1,
		practitionerId: 'any',
		from: now.toPlainDate(),
		to: now.toPlainDate().add({ days: 30 })
	};
	return { input, query };
}
