import ICAL from 'ical.js';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { appointmentCalendar } from '$lib/domain/booking/calendar-file';
import { unfoldCalendar } from '$lib/domain/booking/calendar-lines';
import { fillLinks, linkPlaceholder } from './links';

const url = `https://clinic.example/manage/${'a'.repeat(43)}`;

describe('links minted at sending', () => {
	it('puts each URL where its placeholder is, paths after it kept', () => {
		const filled = fillLinks(
			{
				subject: 'Booked',
				text: `Form: ${linkPlaceholder('manage')}/intake\nManage: ${linkPlaceholder('manage')}`,
				html: `<a href="${linkPlaceholder('manage')}">manage</a>`
			},
			{ manage: url }
		);
		expect(filled.text).toBe(`Form: ${url}/intake\nManage: ${url}`);
		expect(filled.html).toBe(`<a href="${url}">manage</a>`);
	});

	it('refuses to send a placeholder that has no minted link', () => {
		expect(() => fillLinks({ subject: 's', text: linkPlaceholder('revoke') }, {})).toThrow(
			/no link minted for "revoke"/
		);
	});

	it('refuses link names that could not be told apart from the text after them', () => {
		expect(() => linkPlaceholder('Manage-1')).toThrow();
	});

	it('refolds a calendar file whose placeholder a fold split, and ical.js reads the URL back', () => {
		const content = appointmentCalendar({
			uid: 'appointment-1@clinic.example',
			sequence: 0,
			method: 'REQUEST',
			start: Temporal.Instant.from('2027-03-10T15:00:00Z'),
			end: Temporal.Instant.from('2027-03-10T16:00:00Z'),
			clinicName: 'Harbor Lantern Acupuncture and a rather long clinic name',
			clinicEmail: 'hello@clinic.example',
			address: '100 E Demo Street',
			phone: '(414) 555-0142',
			manageUrl: linkPlaceholder('manage'),
			attendee: { name: 'Jordan Rivers', email: 'jordan@example.com' },
			now: Temporal.Instant.from('2027-03-01T15:00:00Z')
		});
		const filled = fillLinks(
			{ subject: 's', text: '', calendar: { method: 'REQUEST', content } },
			{
				manage: url
			}
		).calendar?.content;
		if (!filled) throw new Error('no calendar');
		for (const line of filled.split('\r\n'))
			expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
		expect(unfoldCalendar(filled)).toContain(`URL:${url}`);
		const event = new ICAL.Component(ICAL.parse(filled)).getFirstSubcomponent('vevent');
		expect(event?.getFirstPropertyValue('description')).toContain(url);
	});
});
