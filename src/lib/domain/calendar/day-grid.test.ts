import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { dayGrid } from './day-grid';

const zone = 'America/Chicago';
const at = (local: string) => Temporal.PlainDateTime.from(local).toZonedDateTime(zone).toInstant();

describe('dayGrid', () => {
	const base = {
		timeZone: zone,
		columnIds: [1, 2],
		firstHour: 9,
		lastHour: 12,
		stepMinutes: 15,
		now: at('2027-03-10T10:20')
	};

	it('spans an appointment over its rows, marks free and off time, and the current row', () => {
		const rows = dayGrid({
			...base,
			date: Temporal.PlainDate.from('2027-03-10'),
			hours: [{ columnId: 1, start: at('2027-03-10T09:00'), end: at('2027-03-10T12:00') }],
			entries: [
				{ columnId: 1, start: at('2027-03-10T10:00'), end: at('2027-03-10T11:30'), item: 'Ann' }
			]
		});
		expect(rows).toHaveLength(12);
		expect(rows[0]?.label).toBe('9:00 am');
		expect(rows[4]?.cells[0]).toEqual({ kind: 'entry', rowspan: 6, entries: ['Ann'] });
		expect(rows[5]?.cells[0]).toEqual({ kind: 'covered' });
		expect(rows[10]?.cells[0]).toEqual({ kind: 'free' });
		expect(rows[0]?.cells[1]).toEqual({ kind: 'off' });
		expect(rows.filter((row) => row.current).map((row) => row.label)).toEqual(['10:15 am']);
	});

	it('DST spring forward (America/Chicago, 2027-03-14): 23 hours of rows, no 2 am', () => {
		const rows = dayGrid({
			...base,
			firstHour: 0,
			lastHour: 24,
			stepMinutes: 60,
			date: Temporal.PlainDate.from('2027-03-14'),
			hours: [],
			entries: []
		});
		expect(rows).toHaveLength(23);
		expect(rows.map((row) => row.label)).not.toContain('2:00 am');
		expect(rows[2]?.label).toBe('3:00 am');
	});

	it('ambiguous fall-back (America/Chicago, 2027-11-07): 25 hours of rows, 1 am twice', () => {
		const rows = dayGrid({
			...base,
			firstHour: 0,
			lastHour: 24,
			stepMinutes: 60,
			date: Temporal.PlainDate.from('2027-11-07'),
			hours: [],
			entries: []
		});
		expect(rows).toHaveLength(25);
		expect(rows.filter((row) => row.label === '1:00 am')).toHaveLength(2);
	});

	it('puts overlapping entries of one column in one cell', () => {
		const rows = dayGrid({
			...base,
			date: Temporal.PlainDate.from('2027-03-10'),
			hours: [],
			entries: [
				{ columnId: 2, start: at('2027-03-10T09:00'), end: at('2027-03-10T10:00'), item: 'A' },
				{ columnId: 2, start: at('2027-03-10T09:30'), end: at('2027-03-10T10:30'), item: 'B' }
			]
		});
		expect(rows[0]?.cells[1]).toEqual({ kind: 'entry', rowspan: 6, entries: ['A', 'B'] });
		expect(rows[6]?.cells[1]).toEqual({ kind: 'off' });
	});

	it('clips entries that start before or end after the shown hours', () => {
		const rows = dayGrid({
			...base,
			date: Temporal.PlainDate.from('2027-03-10'),
			hours: [],
			entries: [
				{ columnId: 1, start: at('2027-03-10T08:00'), end: at('2027-03-10T09:30'), item: 'early' },
				{ columnId: 1, start: at('2027-03-10T11:30'), end: at('2027-03-10T13:00'), item: 'late' }
			]
		});
		expect(rows[0]?.cells[0]).toEqual({ kind: 'entry', rowspan: 2, entries: ['early'] });
		expect(rows[10]?.cells[0]).toEqual({ kind: 'entry', rowspan: 2, entries: ['late'] });
	});
});
