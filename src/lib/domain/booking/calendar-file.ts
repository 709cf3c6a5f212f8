import { createEvent, type EventAttributes } from 'ics';
import type { Temporal } from 'temporal-polyfill';

/** What a calendar entry for an appointment says: the minimum, never the reason for the visit. */
export interface AppointmentCalendarEntry {
	/** Stable for the life of the appointment, so calendars update the same entry. */
	uid: string;
	/** RFC 5545 SEQUENCE: raised on every reschedule and on cancellation. */
	sequence: number;
	method: 'REQUEST' | 'CANCEL';
	start: Temporal.Instant;
	end: Temporal.Instant;
	clinicName: string;
	clinicEmail: string;
	address: string;
	phone: string;
	manageUrl: string;
	/** DTSTAMP: when this version was written (passed in; the domain reads no clock). */
	now: Temporal.Instant;
}

/**
 * An iCalendar (RFC 5545) file for one appointment. Times are written in UTC (`...Z`), which
 * every calendar converts to its owner's zone correctly on daylight-saving days too.
 * @throws when the entry cannot be encoded.
 */
export function appointmentCalendar(entry: AppointmentCalendarEntry): string {
	// `timestamp` (DTSTAMP) is supported by ics but missing from its type definitions.
	const attributes = {
		productId: '-//Clinic//Appointments//EN',
		method: entry.method,
		uid: entry.uid,
		sequence: entry.sequence,
		timestamp: entry.now.epochMilliseconds,
		start: entry.start.epochMilliseconds,
		startInputType: 'utc',
		startOutputType: 'utc',
		end: entry.end.epochMilliseconds,
		endInputType: 'utc',
		endOutputType: 'utc',
		title: `Appointment at ${entry.clinicName}`,
		description: `To change or cancel: ${entry.manageUrl}\nPhone: ${entry.phone}`,
		location: entry.address,
		url: entry.manageUrl,
		status: entry.method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED',
		organizer: { name: entry.clinicName, email: entry.clinicEmail }
	} as EventAttributes & { timestamp: number };
	const { error, value } = createEvent(attributes);
	if (error || !value) throw new Error(`cannot write the calendar file: ${error?.message}`);
	return value;
}
