import { Temporal } from 'temporal-polyfill';
import type {
	BookedAppointment,
	OpenSlot,
	SchedulingInput,
	SchedulingService,
	WallClockTime,
	WeeklyWorkingHours,
	Weekday
} from './types';

/**
 * Builders shared by the scheduling tests, so each test states only what makes it different
 * from an ordinary week at a one-location clinic in Chicago.
 */

/** The demo clinic's zone. */
export const CHICAGO = 'America/Chicago';

/** Location 1, the demo clinic. */
export const CLINIC = { id: 1, timeZone: CHICAGO } as const;

/** 60 minutes of acupuncture, 15 minutes to turn the room round afterwards. */
export const ACUPUNCTURE: SchedulingService = {
	id: 1,
	durationMinutes: 60,
	bufferBeforeMinutes: 0,
	bufferAfterMinutes: 15,
	roomKind: 'treatment'
};

/** A 30-minute phone consultation: no room, no buffers. */
export const PHONE_CALL: SchedulingService = {
	id: 2,
	durationMinutes: 30,
	bufferBeforeMinutes: 0,
	bufferAfterMinutes: 0,
	roomKind: null
};

/** The exact instant of a zoned ISO string, e.g. '2027-11-07T01:30-06:00[America/Chicago]'. */
export function at(zoned: string): Temporal.Instant {
	return Temporal.ZonedDateTime.from(zoned).toInstant();
}

/** The instant of a wall-clock time in Chicago (not for times in a gap or fold). */
export function chicago(dateTime: string): Temporal.Instant {
	return at(`${dateTime}[${CHICAGO}]`);
}

/** A local reading with its offset, e.g. '2027-03-14T01:00:00-06:00', to assert against. */
export function localReading(instant: Temporal.Instant, timeZone: string = CHICAGO): string {
	return instant.toZonedDateTimeISO(timeZone).toString({ timeZoneName: 'never' });
}

/** The local readings of slot starts. */
export function slotStarts(slots: readonly OpenSlot[], timeZone: string = CHICAGO): string[] {
	return slots.map((slot) => localReading(slot.start, timeZone));
}

/** The same hours on each of the given weekdays. */
export function hoursOn(
	weekdays: readonly Weekday[],
	start: WallClockTime,
	end: WallClockTime,
	practitionerId = 10,
	locationId = 1
): WeeklyWorkingHours[] {
	return weekdays.map((weekday) => ({ practitionerId, locationId, weekday, start, end }));
}

/** Monday to Friday. */
export const WEEKDAYS: readonly Weekday[] = [1, 2, 3, 4, 5];

/** Every day of the week. */
export const EVERY_DAY: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 7];

/**
 * A clinic in Chicago on Monday 2027-03-01 at 08:00: practitioner 10 works weekdays
 * 09:00–17:00, two treatment rooms, 15-minute steps, 2 hours' notice, 60 days ahead.
 */
export function clinicInput(overrides: Partial<SchedulingInput> = {}): SchedulingInput {
	return {
		now: chicago('2027-03-01T08:00'),
		locations: [CLINIC],
		weeklyHours: hoursOn(WEEKDAYS, '09:00', '17:00'),
		extraHours: [],
		timeOff: [],
		closures: [],
		rooms: [
			{ id: 1, locationId: 1, kind: 'treatment' },
			{ id: 2, locationId: 1, kind: 'treatment' }
		],
		services: [ACUPUNCTURE, PHONE_CALL],
		policy: { slotStepMinutes: 15, minimumNoticeMinutes: 120, bookingWindowDays: 60 },
		appointments: [],
		...overrides
	};
}

/** An appointment from a start and a length, with its own buffers. */
export function appointment(
	start: Temporal.Instant,
	minutes: number,
	details: Partial<Omit<BookedAppointment, 'start' | 'end'>> = {}
): BookedAppointment {
	return {
		practitionerId: 10,
		roomId: 1,
		bufferBeforeMinutes: 0,
		bufferAfterMinutes: 0,
		...details,
		start,
		end: start.add({ minutes })
	};
}

/** A calendar date. */
export function date(text: string): Temporal.PlainDate {
	return Temporal.PlainDate.from(text);
}
