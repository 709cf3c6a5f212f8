import { Temporal } from 'temporal-polyfill';
import { monthNames } from '../clinic/dates';
import { formatWallTime, weekdayName } from '../clinic/opening-hours';
import type { Weekday } from '../clinic/types';

/** An appointment's time as a patient reads it, always labelled with the clinic's zone. */
export interface AppointmentTimeText {
	/** "Tuesday, March 16, 2027" */
	date: string;
	/** "9:00 am" */
	startTime: string;
	/** "10:00 am" */
	endTime: string;
	/** "CDT" or "CST", from the zone's rules on that date. */
	zoneAbbreviation: string;
	/** "Tuesday, March 16, 2027, 9:00 am – 10:00 am CDT (Milwaukee time)" */
	full: string;
}

/** "9:00 am" for a zoned time. */
export function formatClockTime(time: Temporal.ZonedDateTime): string {
	const hh = String(time.hour).padStart(2, '0');
	const mm = String(time.minute).padStart(2, '0');
	return formatWallTime(`${hh}:${mm}`);
}

/** "Tuesday, March 16, 2027" for a calendar date. */
export function formatLongDate(date: Temporal.PlainDate): string {
	return `${weekdayName(date.dayOfWeek as Weekday)}, ${monthNames[date.month - 1]} ${date.day}, ${date.year}`;
}

/** The zone's abbreviation at an instant ("CDT"), falling back to the offset ("UTC-05:00"). */
export function zoneAbbreviation(time: Temporal.ZonedDateTime): string {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone: time.timeZoneId,
		timeZoneName: 'short'
	}).formatToParts(time.epochMilliseconds);
	const name = parts.find((part) => part.type === 'timeZoneName')?.value;
	return name && !name.startsWith('GMT') ? name : `UTC${time.offset}`;
}

/**
 * Formats an appointment in the clinic's zone. Each end is converted on its own, so a visit
 * that spans a daylight-saving change shows the right clock time at both ends.
 */
export function formatAppointmentTime(
	start: Temporal.Instant,
	end: Temporal.Instant,
	timeZone: string,
	placeName: string
): AppointmentTimeText {
	const from = start.toZonedDateTimeISO(timeZone);
	const to = end.toZonedDateTimeISO(timeZone);
	const date = formatLongDate(from.toPlainDate());
	const startTime = formatClockTime(from);
	const endTime = formatClockTime(to);
	const abbreviation = zoneAbbreviation(from);
	return {
		date,
		startTime,
		endTime,
		zoneAbbreviation: abbreviation,
		full: `${date}, ${startTime} – ${endTime} ${abbreviation} (${placeName} time)`
	};
}
