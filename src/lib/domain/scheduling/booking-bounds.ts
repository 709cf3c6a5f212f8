import type { Temporal } from 'temporal-polyfill';
import type { BookingPolicy, SchedulingLocation } from './types';
import { epochDayOf, MS_PER_MINUTE } from './wall-clock';

/** What the booking policy allows at one location, measured from `now`. */
export interface BookingBounds {
	/** No slot may start before this instant (epoch milliseconds). */
	readonly earliestStartMs: number;
	/** Today at the location, as an epoch day. */
	readonly today: number;
	/** The last local date (epoch day) on which a slot may start. */
	readonly lastDay: number;
}

/**
 * The notice and booking-window limits at a location. "Today" is read from Temporal in the
 * location's own zone: near midnight the clinic's date and UTC's date differ.
 */
export function bookingBounds(
	policy: BookingPolicy,
	now: Temporal.Instant,
	location: SchedulingLocation
): BookingBounds {
	const today = epochDayOf(now.toZonedDateTimeISO(location.timeZone).toPlainDate());
	return {
		earliestStartMs: now.epochMilliseconds + policy.minimumNoticeMinutes * MS_PER_MINUTE,
		today,
		lastDay: today + policy.bookingWindowDays
	};
}
