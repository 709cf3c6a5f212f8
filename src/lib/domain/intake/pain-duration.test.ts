import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { classifyPainDuration, daysSinceOnset, painDurationLabels } from './pain-duration';

const today = Temporal.PlainDate.from('2027-03-15');
const daysAgo = (days: number) => today.subtract({ days });

describe('classifyPainDuration', () => {
	it('pain that began today is acute', () => {
		expect(classifyPainDuration(today, today)).toBe('acute');
	});

	it('41 days is acute; 6 weeks (42 days) is subacute', () => {
		expect(classifyPainDuration(daysAgo(41), today)).toBe('acute');
		expect(classifyPainDuration(daysAgo(42), today)).toBe('subacute');
	});

	it('83 days is subacute; 12 weeks (84 days) is chronic', () => {
		expect(classifyPainDuration(daysAgo(83), today)).toBe('subacute');
		expect(classifyPainDuration(daysAgo(84), today)).toBe('chronic');
	});

	it('years ago is chronic', () => {
		expect(classifyPainDuration(Temporal.PlainDate.from('2019-06-01'), today)).toBe('chronic');
	});

	it('counts days, not months, across a leap-year February', () => {
		const leapToday = Temporal.PlainDate.from('2028-04-10');
		expect(daysSinceOnset(Temporal.PlainDate.from('2028-02-28'), leapToday)).toBe(42);
		expect(classifyPainDuration(Temporal.PlainDate.from('2028-02-28'), leapToday)).toBe('subacute');
	});

	it('an onset after today throws: the form should have refused it', () => {
		expect(() => classifyPainDuration(today.add({ days: 1 }), today)).toThrow(RangeError);
	});

	it('has a label for every band', () => {
		expect(Object.keys(painDurationLabels)).toEqual(['acute', 'subacute', 'chronic']);
	});
});
