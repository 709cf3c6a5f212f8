import ICAL from 'ical.js';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { practitionerFeed } from './calendar-file';

const now = Temporal.Instant.from('2027-03-01T12:00:00Z');
const window = {
	from: Temporal.Instant.from('2027-01-30T12:00:00Z'),
	until: Temporal.Instant.from('2027-06-29T12:00:00Z')
};
const options = {
	uidDomain: 'clinic.example',
	calendarName: 'Mei Lin: clinic schedule',
	now,
	window
};

/** Every physical line of a calendar file, each checked against RFC 5545's 75 octets. */
function expectLinesWithinOctets(content: string) {
	expect(content.endsWith('\r\n')).toBe(true);
	for (const line of content.slice(0, -2).split('\r\n')) {
		expect(Buffer.byteLength(line, 'utf8'), line).toBeLessThanOrEqual(75);
	}
}

describe('practitionerFeed', () => {
	it('lists busy times with first names only, in UTC, with the patients’ UIDs', () => {
		const feed = practitionerFeed(
			[
				{
					id: 7,
					sequence: 1,
					start: Temporal.Instant.from('2027-03-15T14:00:00Z'),
					end: Temporal.Instant.from('2027-03-15T15:30:00Z'),
					firstName: 'Ann'
				},
				{
					id: 8,
					sequence: 0,
					start: Temporal.Instant.from('2027-03-15T16:00:00Z'),
					end: Temporal.Instant.from('2027-03-15T17:00:00Z'),
					firstName: 'Bo'
				}
			],
			options
		);
		const calendar = new ICAL.Component(ICAL.parse(feed));
		const events = calendar.getAllSubcomponents('vevent').map((event) => new ICAL.Event(event));
		expect(events.map((event) => event.summary)).toEqual(['Busy: Ann', 'Busy: Bo']);
		expect(events[0]?.uid).toBe('appointment-7@clinic.example');
		expect(events[0]?.sequence).toBe(1);
		expect(events[0]?.startDate.toJSDate().toISOString()).toBe('2027-03-15T14:00:00.000Z');
		expect(feed).not.toMatch(/acupuncture|massage|herbal/i);
	});

	it('is a valid empty calendar when nothing is booked: one free/busy span, no busy time', () => {
		const feed = practitionerFeed([], options);
		const calendar = new ICAL.Component(ICAL.parse(feed));
		expect(calendar.getAllSubcomponents('vevent')).toHaveLength(0);
		expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
		// RFC 5545 3.6: a calendar holds at least one component.
		expect(calendar.getAllSubcomponents()).toHaveLength(1);
		const span = calendar.getFirstSubcomponent('vfreebusy');
		const start = span?.getFirstPropertyValue('dtstart') as ICAL.Time | null;
		const end = span?.getFirstPropertyValue('dtend') as ICAL.Time | null;
		expect(start?.toJSDate().toISOString()).toBe('2027-01-30T12:00:00.000Z');
		expect(end?.toJSDate().toISOString()).toBe('2027-06-29T12:00:00.000Z');
		expect(span?.getAllProperties('freebusy')).toHaveLength(0);
		expectLinesWithinOctets(feed);
	});

	it('folds lines at 75 octets, not characters, with non-ASCII names', () => {
		const name = 'Zoë Ångström-Øverli Muñoz';
		const feed = practitionerFeed(
			[
				{
					id: 9,
					sequence: 0,
					start: Temporal.Instant.from('2027-03-15T14:00:00Z'),
					end: Temporal.Instant.from('2027-03-15T15:00:00Z'),
					firstName: 'Zoë-Éloïse-Ångström-Ñandú-Øyvind-Łucja-Ærøskøbing'
				}
			],
			{ ...options, calendarName: `${name}: clinic schedule, ${name}, ${name}` }
		);
		expectLinesWithinOctets(feed);
		const calendar = new ICAL.Component(ICAL.parse(feed));
		expect(calendar.getFirstPropertyValue('x-wr-calname')).toContain(name);
		const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent') as ICAL.Component);
		expect(event.summary).toBe('Busy: Zoë-Éloïse-Ångström-Ñandú-Øyvind-Łucja-Ærøskøbing');
	});
});
