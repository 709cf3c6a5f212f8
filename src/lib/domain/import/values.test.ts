import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { readFlag, readStart } from './values';

const chicago = 'America/Chicago';
const at = (text: string) => {
	const reading = readStart(text, chicago);
	return reading.ok ? reading.start.toString() : reading.message;
};

describe('readStart', () => {
	it('reads wall-clock times in the location’s zone', () => {
		expect(at('2027-03-15 14:30')).toBe('2027-03-15T19:30:00Z');
		expect(at('2027-03-15T14:30')).toBe('2027-03-15T19:30:00Z');
		expect(at('2027-01-15 9:05')).toBe('2027-01-15T15:05:00Z');
		expect(at('03/15/2027 2:30 PM')).toBe('2027-03-15T19:30:00Z');
		expect(at('3/15/2027 12:00 am')).toBe('2027-03-15T05:00:00Z');
	});

	it('reads ISO 8601 with an offset as the instant it names, whatever the zone', () => {
		expect(at('2027-03-15T14:30-05:00')).toBe('2027-03-15T19:30:00Z');
		expect(at('2027-03-15T19:30:00Z')).toBe('2027-03-15T19:30:00Z');
		expect(at('2027-03-15 20:30+0100')).toBe('2027-03-15T19:30:00Z');
	});

	it('refuses a time the clocks skip, and asks for the offset of a time they pass twice', () => {
		expect(at('2027-03-14 02:30')).toContain('does not exist in America/Chicago');
		const twice = at('2027-11-07 01:30');
		expect(twice).toContain('happens twice');
		expect(twice).toContain('2027-11-07T01:30-05:00');
	});

	it('gives the right offset on and around the days the clocks change', () => {
		expect(at('2027-03-13 23:00')).toBe('2027-03-14T05:00:00Z');
		expect(at('2027-03-14 01:59')).toBe('2027-03-14T07:59:00Z');
		expect(at('2027-03-14 03:30')).toBe('2027-03-14T08:30:00Z');
		expect(at('2027-03-15 03:30')).toBe('2027-03-15T08:30:00Z');
		expect(at('2027-11-07 02:30')).toBe('2027-11-07T08:30:00Z');
		expect(at('2027-11-06 23:30')).toBe('2027-11-07T04:30:00Z');
	});

	it('refuses dates that do not exist and text that is no start', () => {
		expect(at('2027-02-30 10:00')).toContain('not a real date');
		expect(at('13:00 tomorrow')).toContain('not a start this import reads');
		expect(at('')).toBe('The start is empty.');
		expect(at('15/03/2027 10:00')).toContain('not a real date');
	});

	it('gives an instant the rest of the app can use', () => {
		const reading = readStart('2027-03-15 14:30', chicago);
		expect(reading.ok && reading.start instanceof Temporal.Instant).toBe(true);
	});
});

describe('readFlag', () => {
	it('reads the usual spellings and falls back when empty', () => {
		expect(['Yes', 'y', 'TRUE', '1', 'x'].map((text) => readFlag(text, false))).toEqual([
			true,
			true,
			true,
			true,
			true
		]);
		expect(['No', 'n', 'false', '0'].map((text) => readFlag(text, true))).toEqual([
			false,
			false,
			false,
			false
		]);
		expect(readFlag(' ', true)).toBe(true);
		expect(readFlag('maybe', true)).toBeNull();
	});
});
