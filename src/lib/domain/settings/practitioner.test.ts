import { describe, expect, it } from 'vitest';
import { fieldErrors } from '../booking/contact-details';
import {
	chosenServiceIds,
	deactivationRefusal,
	practitionerActiveForm,
	practitionerProfileForm,
	servicesRefusal
} from './practitioner';

describe('practitionerProfileForm', () => {
	it('reads the profile and the display order', () => {
		expect(
			practitionerProfileForm.parse({
				name: 'Mei Lin Okafor',
				credentials: 'L.Ac.',
				title: 'Licensed acupuncturist',
				summary: 'Fifteen years of practice.',
				bioMarkdown: 'Mei Lin trained for four years and *loves* her work.',
				displayOrder: '2'
			})
		).toMatchObject({ displayOrder: 2, title: 'Licensed acupuncturist' });
	});

	it('names the missing and wrong fields', () => {
		const result = practitionerProfileForm.safeParse({ name: 'M', displayOrder: '-1' });
		expect(result.success).toBe(false);
		if (result.success) return;
		expect(Object.keys(fieldErrors(result.error)).sort()).toEqual([
			'bioMarkdown',
			'credentials',
			'displayOrder',
			'name',
			'summary',
			'title'
		]);
	});
});

describe('practitionerActiveForm', () => {
	it('takes yes or no only', () => {
		expect(practitionerActiveForm.parse({ active: 'no' })).toEqual({ active: 'no' });
		expect(practitionerActiveForm.safeParse({ active: 'maybe' }).success).toBe(false);
	});
});

describe('chosenServiceIds', () => {
	it('keeps the ticked services the clinic offers and ignores anything else', () => {
		expect(
			chosenServiceIds({ 'service-1': 'on', 'service-3': 'on', 'service-9': 'on' }, [1, 2, 3])
		).toEqual([1, 3]);
	});
});

describe('servicesRefusal', () => {
	it('refuses an active practitioner without services, and lets an inactive one be', () => {
		expect(servicesRefusal({ active: true, serviceIds: [] })).toMatch(/at least one service/);
		expect(servicesRefusal({ active: true, serviceIds: [2] })).toBeNull();
		expect(servicesRefusal({ active: false, serviceIds: [] })).toBeNull();
	});
});

describe('deactivationRefusal', () => {
	it('allows deactivating a practitioner with nothing booked ahead', () => {
		expect(deactivationRefusal({ name: 'Rosa Jimenez', upcomingAppointments: 0 })).toBeNull();
	});

	it('refuses while they hold booked appointments, saying how many', () => {
		expect(deactivationRefusal({ name: 'Rosa Jimenez', upcomingAppointments: 1 })).toBe(
			'Rosa Jimenez still has 1 appointment booked ahead. Move them to another practitioner or cancel them first, then make Rosa Jimenez inactive.'
		);
	});
});
