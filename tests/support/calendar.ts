// Reads an iCalendar attachment with ical.js, as a calendar application would.
import ICAL from 'ical.js';
import { Temporal } from 'temporal-polyfill';

export interface ReadCalendar {
	method: string;
	uid: string;
	sequence: number;
	status: string;
	start: Temporal.Instant;
	end: Temporal.Instant;
	/** The DTSTART line as written ('DTSTART:20270315T140000Z'). */
	dtstartLine: string;
	/** Whether DTSTART and DTEND are in UTC (a trailing Z). */
	utc: boolean;
	summary: string;
	description: string;
	location: string;
}

function instantOf(time: InstanceType<typeof ICAL.Time>): Temporal.Instant {
	return Temporal.Instant.fromEpochMilliseconds(time.toUnixTime() * 1000);
}

/** Parses a calendar with exactly one event; throws when ical.js cannot read it. */
export function readCalendar(content: string): ReadCalendar {
	const calendar = new ICAL.Component(ICAL.parse(content));
	const events = calendar.getAllSubcomponents('vevent');
	if (events.length !== 1) throw new Error(`expected one VEVENT, found ${events.length}`);
	const event = new ICAL.Event(events[0]);
	const unfolded = content.replace(/\r?\n[ \t]/g, '');
	const dtstartLine = unfolded.split(/\r?\n/).find((line) => line.startsWith('DTSTART')) ?? '';
	const dtendLine = unfolded.split(/\r?\n/).find((line) => line.startsWith('DTEND')) ?? '';
	return {
		method: String(calendar.getFirstPropertyValue('method') ?? ''),
		uid: event.uid,
		sequence: event.sequence,
		status: String(events[0]?.getFirstPropertyValue('status') ?? ''),
		start: instantOf(event.startDate),
		end: instantOf(event.endDate),
		dtstartLine,
		utc: dtstartLine.endsWith('Z') && dtendLine.endsWith('Z'),
		summary: event.summary,
		description: event.description,
		location: event.location
	};
}
