import { describe, expect, it } from 'vitest';
import { parseTimeZone, timeZoneChangeRefusal } from './time-zone';

describe('parseTimeZone', () => {
	it('accepts IANA names and spells them as Temporal does', () => {
		expect(parseTimeZone('America/Chicago')).toBe('America/Chicago');
		expect(parseTimeZone(' america/chicago ')).toBe('America/Chicago');
		expect(parseTimeZone('Australia/Lord_Howe')).toBe('Australia/Lord_Howe');
		expect(parseTimeZone('UTC')).toBe('UTC');
	});

	it('refuses unknown names, fixed offsets and anything else', () => {
		for (const text of [
			'',
			'Nowhere/Land',
			'+05:00',
			'-06:00',
			'Chicago time',
			'../etc',
			'a'.repeat(65)
		]) {
			expect(parseTimeZone(text), text).toBeNull();
		}
	});
});

describe('timeZoneChangeRefusal', () => {
	it('allows keeping the zone, and changing it when nothing is booked ahead', () => {
		expect(
			timeZoneChangeRefusal({
				from: 'America/Chicago',
				to: 'America/Chicago',
				upcomingAppointments: 4
			})
		).toBeNull();
		expect(
			timeZoneChangeRefusal({
				from: 'America/Chicago',
				to: 'America/Denver',
				upcomingAppointments: 0
			})
		).toBeNull();
	});

	it('refuses a change while appointments are booked ahead, saying how many and why', () => {
		const one = timeZoneChangeRefusal({
			from: 'America/Chicago',
			to: 'America/Denver',
			upcomingAppointments: 1
		});
		expect(one).toMatch(/stays America\/Chicago while 1 appointment is booked ahead/);
		expect(one).toMatch(/different hour/);
		expect(
			timeZoneChangeRefusal({
				from: 'America/Chicago',
				to: 'America/Denver',
				upcomingAppointments: 3
			})
		).toMatch(/3 appointments are booked ahead/);
	});
});
