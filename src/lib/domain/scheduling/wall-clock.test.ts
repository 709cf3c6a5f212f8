import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import {
	epochDayOf,
	parseWallClockTime,
	plainDateOfEpochDay,
	weekdayOfEpochDay
} from './wall-clock';

describe('wall-clock helpers', () => {
	it('reads HH:MM and refuses anything else', () => {
		expect(parseWallClockTime('00:00')).toBe(0);
		expect(parseWallClockTime('09:30')).toBe(570);
		expect(parseWallClockTime('23:59')).toBe(1439);
		for (const bad of ['9:30', '24:00', '12:60', '12:00:00', '', 'noon']) {
			expect(() => parseWallClockTime(bad)).toThrow(RangeError);
		}
	});

	it('counts epoch days and weekdays like Temporal', () => {
		for (const text of ['1970-01-01', '1969-12-31', '2027-03-14', '2027-11-07', '2040-02-29']) {
			const date = Temporal.PlainDate.from(text);
			const day = epochDayOf(date);
			expect(plainDateOfEpochDay(day).equals(date)).toBe(true);
			expect(weekdayOfEpochDay(day)).toBe(date.dayOfWeek);
		}
	});
});
