import ICAL from 'ical.js';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { practitionerFeed } from './calendar-file';

const now = Temporal.Instant.from('2027-03-01T12:00:00Z');
const options = { uidDomain: 'clinic.example', calendarName: 'Mei Lin: clinic schedule', now };

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

	it('is a valid empty calendar when nothing is booked', () => {
		const calendar = new ICAL.Component(ICAL.parse(practitionerFeed([], options)));
		expect(calendar.getAllSubcomponents('vevent')).toHaveLength(0);
		expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
	});
});
