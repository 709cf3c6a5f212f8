import { Temporal } from 'temporal-polyfill';

/**
 * The IANA name of a time zone ("America/Chicago") as Temporal spells it, or null when the text
 * is not one. Fixed offsets such as "+05:00" are refused too: a clinic's zone must know its
 * daylight-saving rules, or every visit would be an hour off for half the year.
 */
export function parseTimeZone(text: string): string | null {
	const name = text.trim();
	if (name.length === 0 || name.length > 64 || !/^[A-Za-z][\w+\-/]*$/.test(name)) return null;
	try {
		return Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(name).timeZoneId;
	} catch {
		return null;
	}
}

/**
 * Why a location's time zone may not change now, or null when it may. Booked visits are wall
 * clock times agreed with patients ("Tuesday at 10:00"), stored as instants: in another zone
 * the same instants read as other hours, so every one of them would silently move.
 */
export function timeZoneChangeRefusal(change: {
	from: string;
	to: string;
	upcomingAppointments: number;
}): string | null {
	if (change.from === change.to || change.upcomingAppointments === 0) return null;
	const count = change.upcomingAppointments;
	return (
		`The time zone stays ${change.from} while ${count} appointment${count === 1 ? ' is' : 's are'} ` +
		`booked ahead here: each was agreed with a patient in local time, and in ${change.to} ` +
		'it would show at a different hour. Move or cancel them first, then change the zone.'
	);
}
