import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { monthGrid, monthTitle } from './month-grid';

describe('monthGrid', () => {
	it('starts weeks on Monday and pads with empty cells', () => {
		// March 2027 begins on a Monday and has 31 days: five weeks, the last one padded.
		const weeks = monthGrid(Temporal.PlainYearMonth.from('2027-03'));
		expect(weeks).toHaveLength(5);
		expect(weeks[0]?.[0]?.toString()).toBe('2027-03-01');
		expect(weeks[4]?.filter((cell) => cell === null)).toHaveLength(4);
	});

	it('pads the first week when the month starts mid-week', () => {
		// February 2026 begins on a Sunday.
		const weeks = monthGrid(Temporal.PlainYearMonth.from('2026-02'));
		expect(weeks[0]?.slice(0, 6).every((cell) => cell === null)).toBe(true);
		expect(weeks[0]?.[6]?.toString()).toBe('2026-02-01');
		expect(weeks.every((week) => week.length === 7)).toBe(true);
	});

	it('titles the month in words', () => {
		expect(monthTitle(Temporal.PlainYearMonth.from('2027-11'))).toBe('November 2027');
	});
});
