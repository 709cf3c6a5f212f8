import { describe, expect, it } from 'vitest';
import { appointmentCount, isWebAddress } from './fields';

describe('isWebAddress', () => {
	it('accepts http and https addresses', () => {
		expect(isWebAddress('https://www.openstreetmap.org/search?query=Milwaukee')).toBe(true);
		expect(isWebAddress('http://maps.example/clinic')).toBe(true);
	});

	it('refuses other schemes, relative paths and hosts without a domain', () => {
		for (const text of [
			'javascript:alert(1)',
			'data:text/html,hi',
			'file:///etc/passwd',
			'ftp://maps.example',
			'/contact',
			'www.example.com',
			'https://localhost/',
			'https://'
		]) {
			expect(isWebAddress(text), text).toBe(false);
		}
	});
});

describe('appointmentCount', () => {
	it('says one appointment or several appointments', () => {
		expect(appointmentCount(1)).toBe('1 appointment');
		expect(appointmentCount(2)).toBe('2 appointments');
	});
});
