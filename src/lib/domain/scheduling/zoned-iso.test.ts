import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { zonedIsoFormatter } from './zoned-iso';

const ms = (text: string) => Temporal.Instant.from(text).epochMilliseconds;

const viaTemporal = (ms: number, zone: string) =>
	Temporal.Instant.fromEpochMilliseconds(ms)
		.toZonedDateTimeISO(zone)
		.toString({ timeZoneName: 'never', smallestUnit: 'second', roundingMode: 'floor' });

describe('zonedIsoFormatter', () => {
	it('DST spring forward (America/Chicago, 2027-03-14): CST before, CDT after', () => {
		const format = zonedIsoFormatter(
			'America/Chicago',
			ms('2027-03-13T00:00:00Z'),
			ms('2027-03-16T00:00:00Z')
		);
		expect(format(ms('2027-03-14T07:59:00Z'))).toBe('2027-03-14T01:59:00-06:00');
		expect(format(ms('2027-03-14T08:00:00Z'))).toBe('2027-03-14T03:00:00-05:00');
	});

	it('30-minute shift (Australia/Lord_Howe)', () => {
		const format = zonedIsoFormatter(
			'Australia/Lord_Howe',
			ms('2027-01-01T00:00:00Z'),
			ms('2027-01-02T00:00:00Z')
		);
		expect(format(ms('2027-01-01T12:00:00Z'))).toBe('2027-01-01T23:00:00+11:00');
	});

	it('agrees with Temporal across zones and years', () => {
		const from = ms('2024-01-01T00:00:00Z');
		const to = ms('2030-01-01T00:00:00Z');
		for (const zone of [
			'America/Chicago',
			'Australia/Lord_Howe',
			'Asia/Kolkata',
			'UTC',
			'America/St_Johns'
		]) {
			const format = zonedIsoFormatter(zone, from, to);
			fc.assert(
				fc.property(fc.integer({ min: from, max: to }), (ms) => {
					const whole = ms - (ms % 1000);
					expect(format(whole)).toBe(viaTemporal(whole, zone));
				}),
				{ numRuns: 300, seed: 42 }
			);
		}
	});
});
