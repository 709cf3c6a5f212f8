import { describe, expect, it } from 'vitest';
import { fieldErrors } from '../booking/contact-details';
import {
	defaultTimeZone,
	isValidNpi,
	newLocationForm,
	newPractitionerForm,
	newServiceForm,
	uniqueSlug
} from './new-records';

describe('uniqueSlug', () => {
	it('makes an address from the name and keeps it apart from taken ones', () => {
		expect(uniqueSlug('Lakeside Clinic', [], 'location')).toBe('lakeside-clinic');
		expect(uniqueSlug('Lakeside', ['lakeside', 'lakeside-2'], 'location')).toBe('lakeside-3');
	});

	it('falls back when the name has no letters or digits', () => {
		expect(uniqueSlug('—', [], 'service')).toBe('service');
	});
});

describe('defaultTimeZone', () => {
	const zones = ['America/Chicago', 'America/New_York', 'Europe/Berlin'];
	it("starts from the server's zone when it names a place", () => {
		expect(defaultTimeZone('America/Chicago', zones)).toBe('America/Chicago');
	});
	it('starts from America/New_York on a server set to UTC', () => {
		expect(defaultTimeZone('UTC', zones)).toBe('America/New_York');
		expect(defaultTimeZone('Etc/UTC', zones)).toBe('America/New_York');
		expect(defaultTimeZone(undefined, zones)).toBe('America/New_York');
	});
});

describe('isValidNpi', () => {
	it('accepts a number whose check digit matches (the CMS example 1234567893)', () => {
		expect(isValidNpi('1234567893')).toBe(true);
	});
	it('refuses a wrong check digit, letters and other lengths', () => {
		expect(isValidNpi('1234567890')).toBe(false);
		expect(isValidNpi('12345678a3')).toBe(false);
		expect(isValidNpi('123456789')).toBe(false);
	});
});

describe('newServiceForm', () => {
	it('reads the price in cents, the checkboxes and an empty room kind as none', () => {
		expect(
			newServiceForm.parse({
				name: 'First visit',
				summary: 'A first acupuncture visit with a full history.',
				durationMinutes: '75',
				bufferBeforeMinutes: '0',
				bufferAfterMinutes: '15',
				price: '$95.50',
				roomKind: '',
				bookableOnline: 'on'
			})
		).toMatchObject({ price: 9550, roomKind: null, bookableOnline: true });
	});

	it('puts each problem next to its field', () => {
		const result = newServiceForm.safeParse({ name: 'X', price: 'ninety', durationMinutes: '2' });
		expect(result.success).toBe(false);
		if (result.success) return;
		expect(Object.keys(fieldErrors(result.error))).toEqual(
			expect.arrayContaining(['name', 'summary', 'price', 'durationMinutes'])
		);
	});
});

describe('newPractitionerForm', () => {
	const valid = {
		name: 'Dana Lee',
		credentials: 'L.Ac.',
		title: 'Acupuncturist',
		summary: 'Treats back and neck pain.',
		bioMarkdown: 'Dana has practised acupuncture since 2015.',
		licenceNumber: 'WI-1234'
	};
	it('takes an empty NPI as none', () => {
		expect(newPractitionerForm.parse({ ...valid, npi: '' })).toMatchObject({
			npi: null,
			displayOrder: 1
		});
	});
	it('refuses an NPI whose check digit is wrong, and a missing licence number', () => {
		const result = newPractitionerForm.safeParse({
			...valid,
			licenceNumber: '',
			npi: '1234567890'
		});
		expect(result.success).toBe(false);
		if (result.success) return;
		expect(Object.keys(fieldErrors(result.error)).sort()).toEqual(['licenceNumber', 'npi']);
	});
});

describe('newLocationForm', () => {
	it('needs no id', () => {
		const result = newLocationForm.safeParse({
			name: 'Lakeside',
			street: '12 Lake Road',
			city: 'Madison',
			region: 'WI',
			postalCode: '53703',
			country: 'us',
			phone: '608-555-0100',
			directionsUrl: 'https://www.openstreetmap.org/search?query=Madison',
			directionsText: 'Parking behind the building.',
			timeZone: 'America/Chicago'
		});
		expect(result.success).toBe(true);
	});
});
