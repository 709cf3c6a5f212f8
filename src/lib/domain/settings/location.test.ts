import { describe, expect, it } from 'vitest';
import { fieldErrors } from '../booking/contact-details';
import { clashingOpeningHours, locationDetailsForm, openingHoursForm } from './location';

const valid = {
	id: '1',
	name: 'Harbor Lantern Acupuncture, Milwaukee',
	street: '100 E Demo Street, Suite 2',
	city: 'Milwaukee',
	region: 'WI',
	postalCode: '53202',
	country: 'us',
	phone: '414-555-0142',
	directionsUrl: 'https://www.openstreetmap.org/search?query=Milwaukee',
	directionsText: 'Street parking on Demo Street; step-free entrance.',
	timeZone: 'america/chicago'
};

describe('locationDetailsForm', () => {
	it('reads the country code, phone and zone in their stored forms', () => {
		expect(locationDetailsForm.parse(valid)).toMatchObject({
			id: 1,
			country: 'US',
			phone: '+1-414-555-0142',
			timeZone: 'America/Chicago'
		});
	});

	it('refuses directions that are not an http(s) address and zones that are not IANA names', () => {
		const result = locationDetailsForm.safeParse({
			...valid,
			directionsUrl: 'javascript:alert(1)',
			timeZone: 'GMT-6 sometimes'
		});
		expect(result.success).toBe(false);
		if (result.success) return;
		const errors = fieldErrors(result.error);
		expect(errors.directionsUrl).toMatch(/https:\/\//);
		expect(errors.timeZone).toMatch(/IANA/);
	});
});

describe('openingHoursForm', () => {
	it('takes a weekday and a closing time after the opening time', () => {
		expect(
			openingHoursForm.parse({ location: '1', weekday: '7', opens: '10:00', closes: '13:00' })
		).toEqual({ location: 1, weekday: 7, opens: '10:00', closes: '13:00' });
		const backwards = openingHoursForm.safeParse({
			location: '1',
			weekday: '8',
			opens: '13:00',
			closes: '10:00'
		});
		expect(backwards.success).toBe(false);
		if (backwards.success) return;
		expect(Object.keys(fieldErrors(backwards.error)).sort()).toEqual(['closes', 'weekday']);
	});
});

describe('clashingOpeningHours', () => {
	const monday = { weekday: 1 as const, opens: '09:00', closes: '12:00' };

	it('finds an interval the new one overlaps or touches on the same day', () => {
		expect(clashingOpeningHours([monday], { weekday: 1, opens: '11:00', closes: '14:00' })).toBe(
			monday
		);
		expect(clashingOpeningHours([monday], { weekday: 1, opens: '12:00', closes: '14:00' })).toBe(
			monday
		);
	});

	it('lets separate intervals and other days be', () => {
		expect(
			clashingOpeningHours([monday], { weekday: 1, opens: '13:00', closes: '18:00' })
		).toBeUndefined();
		expect(
			clashingOpeningHours([monday], { weekday: 2, opens: '09:00', closes: '12:00' })
		).toBeUndefined();
	});
});
