import { createEvent, createEvents, type EventAttributes } from 'ics';
import type { Temporal } from 'temporal-polyfill';
import { foldCalendar } from './calendar-lines';

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
	/** The patient, as the ATTENDEE that RFC 5546 requires on a REQUEST or CANCEL. */
	attendee: { name: string; email: string };
	/** DTSTAMP: when this version was written (passed in; the domain reads no clock). */
	now: Temporal.Instant;
}

/**
 * The timing of one event in UTC: UID, SEQUENCE, DTSTAMP, DTSTART and DTEND. `timestamp`
 * (DTSTAMP) is supported by ics but missing from its type definitions.
 */
function utcEvent(event: {
	uid: string;
	sequence: number;
	now: Temporal.Instant;
	start: Temporal.Instant;
	end: Temporal.Instant;
}) {
	return {
		uid: event.uid,
		sequence: event.sequence,
		timestamp: event.now.epochMilliseconds,
		start: event.start.epochMilliseconds,
		startInputType: 'utc',
		startOutputType: 'utc',
		end: event.end.epochMilliseconds,
		endInputType: 'utc',
		endOutputType: 'utc'
	} as const;
}

/**
 * An iCalendar (RFC 5545) file for one appointment. Times are written in UTC (`...Z`), which
 * every calendar converts to its owner's zone correctly on daylight-saving days too.
 * @throws when the entry cannot be encoded.
 */
export function appointmentCalendar(entry: AppointmentCalendarEntry): string {
	const attributes = {
		productId: '-//Clinic//Appointments//EN',
		method: entry.method,
		...utcEvent(entry),
		title: `Appointment at ${entry.clinicName}`,
		description: `To change or cancel: ${entry.manageUrl}\nPhone: ${entry.phone}`,
		location: entry.address,
		url: entry.manageUrl,
		status: entry.method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED',
		organizer: { name: entry.clinicName, email: entry.clinicEmail },
		attendees: [
			{
				name: entry.attendee.name,
				email: entry.attendee.email,
				rsvp: false,
				partstat: 'ACCEPTED',
				role: 'REQ-PARTICIPANT'
			}
		]
	} as EventAttributes & { timestamp: number };
	const { error, value } = createEvent(attributes);
	if (error || !value) throw new Error(`cannot write the calendar file: ${error?.message}`);
	// The library folds by characters; lines are limited in octets.
	return foldCalendar(value);
}

/** One busy block in a practitioner's feed. */
export interface FeedEntry {
	id: number;
	sequence: number;
	start: Temporal.Instant;
	end: Temporal.Instant;
	/** The patient's first name: enough to recognise the visit, nothing about why. */
	firstName: string;
}

/**
 * A practitioner's schedule as an iCalendar feed for their own calendar app: busy times and
 * patients' first names only, with the same UIDs as the patients' own calendar entries.
 */
export function practitionerFeed(
	entries: readonly FeedEntry[],
	options: {
		uidDomain: string;
		calendarName: string;
		now: Temporal.Instant;
		/** The span the feed covers, said by an empty feed. */
		window: { from: Temporal.Instant; until: Temporal.Instant };
	}
): string {
	if (entries.length === 0) {
		// A calendar holds at least one component (RFC 5545 3.6): with no visits, a free/busy
		// component for the feed's span with no busy period says exactly that.
		const utc = (instant: Temporal.Instant) =>
			instant.toString({ smallestUnit: 'second' }).replace(/[-:]/g, '');
		return foldCalendar(
			[
				'BEGIN:VCALENDAR',
				'VERSION:2.0',
				'PRODID:-//Clinic//Schedule//EN',
				'CALSCALE:GREGORIAN',
				'METHOD:PUBLISH',
				`X-WR-CALNAME:${options.calendarName.replace(/[\\;,\n]/g, ' ')}`,
				'BEGIN:VFREEBUSY',
				`UID:schedule-${utc(options.window.from)}@${options.uidDomain}`,
				`DTSTAMP:${utc(options.now)}`,
				`DTSTART:${utc(options.window.from)}`,
				`DTEND:${utc(options.window.until)}`,
				'END:VFREEBUSY',
				'END:VCALENDAR',
				''
			].join('\r\n')
		);
	}
	const events = entries.map(
		(entry, index) =>
			({
				...(index === 0
					? { calName: options.calendarName, productId: '-//Clinic//Schedule//EN' }
					: {}),
				method: 'PUBLISH',
				...utcEvent({
					uid: `appointment-${entry.id}@${options.uidDomain}`,
					sequence: entry.sequence,
					now: options.now,
					start: entry.start,
					end: entry.end
				}),
				title: entry.firstName ? `Busy: ${entry.firstName}` : 'Busy',
				busyStatus: 'BUSY',
				status: 'CONFIRMED'
			}) as EventAttributes & { timestamp: number }
	);
	const { error, value } = createEvents(events);
	if (error || !value) throw new Error(`cannot write the schedule feed: ${error?.message}`);
	return foldCalendar(value);
}
