import ICAL from 'ical.js';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { appointmentCalendar } from './calendar-file';

describe('appointmentCalendar', () => {
	it('keeps every line within 75 octets for a non-ASCII name and address', () => {
		const content = appointmentCalendar({
			uid: 'appointment-1@clinic.example',
			sequence: 0,
			method: 'REQUEST',
			start: Temporal.Instant.from('2027-03-10T15:00:00Z'),
			end: Temporal.Instant.from('2027-03-10T16:00:00Z'),
			clinicName: 'Akupunktur Zoë Ångström-Øverli & Søn, Ærøskøbing',
			clinicEmail: 'hello@clinic.example',
			address: 'Østergade 12, 5970 Ærøskøbing, Danmark, ved siden af bageriet på hjørnet',
			phone: '+45 12 34 56 78',
			manageUrl: `https://clinic.example/manage/${'a'.repeat(43)}`,
			attendee: { name: 'Zoë-Éloïse Ñandú Łucja', email: 'zoe@example.com' },
			now: Temporal.Instant.from('2027-03-01T15:00:00Z')
		});
		for (const line of content.split('\r\n')) {
			expect(Buffer.byteLength(line, 'utf8'), line).toBeLessThanOrEqual(75);
		}
		const event = new ICAL.Event(
			new ICAL.Component(ICAL.parse(content)).getFirstSubcomponent('vevent') as ICAL.Component
		);
		expect(event.location).toBe(
			'Østergade 12, 5970 Ærøskøbing, Danmark, ved siden af bageriet på hjørnet'
		);
		expect(event.summary).toBe('Appointment at Akupunktur Zoë Ångström-Øverli & Søn, Ærøskøbing');
	});
});
