import { describe, expect, it } from 'vitest';
import { parseBookableInstant, parseCalendarDate, parseCalendarMonth } from './parse-time';

describe('parseBookableInstant', () => {
	it('reads an offset time and a UTC time as the same instant', () => {
		expect(parseBookableInstant('2027-03-15T09:00:00-05:00')?.toString()).toBe(
			'2027-03-15T14:00:00Z'
		);
		expect(parseBookableInstant('2027-03-15T14:00:00Z')?.toString()).toBe('2027-03-15T14:00:00Z');
	});

	it.each([
		'+275760-09-13T00:00:00Z',
		'-271821-04-20T00:00:00Z',
		'1999-12-31T23:59:59Z',
		'2027-03-15T09:00:00',
		'tomorrow',
		'',
		null,
		'x'.repeat(41)
	])('refuses %s', (text) => {
		expect(parseBookableInstant(text)).toBeNull();
	});
});

describe('parseCalendarDate and parseCalendarMonth', () => {
	it('read real dates and months', () => {
		expect(parseCalendarDate('2027-02-28')?.toString()).toBe('2027-02-28');
		expect(parseCalendarMonth('2027-11')?.toString()).toBe('2027-11');
	});

	it.each(['2027-02-30', '+275760-09-13', '2027-13-01', '27-1-1', '2300-01-01'])(
		'refuse the date %s',
		(text) => expect(parseCalendarDate(text)).toBeNull()
	);

	it.each(['2027-13', '+275760-09', '1999-12'])('refuse the month %s', (text) =>
		expect(parseCalendarMonth(text)).toBeNull()
	);
});
