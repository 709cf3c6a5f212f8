import { describe, expect, it } from 'vitest';
import {
	expandWeekdayChoice,
	formatInterval,
	formatWallTime,
	formatWeeklyInterval,
	groupedSchedule,
	mondayToFriday,
	openingHoursSpecification,
	weekdayChoices,
	weeklySchedule
} from './opening-hours';
import type { OpeningHours, Weekday } from './types';

const weekdays = (days: Weekday[], opens: string, closes: string): OpeningHours[] =>
	days.map((weekday) => ({ weekday, opens, closes }));

describe('formatWallTime', () => {
	it.each([
		['09:00', '9:00 am'],
		['00:30', '12:30 am'],
		['12:00', '12:00 pm'],
		['13:15', '1:15 pm'],
		['23:59', '11:59 pm']
	])('formats %s as %s', (input, expected) => {
		expect(formatWallTime(input)).toBe(expected);
	});
});

describe('formatInterval and formatWeeklyInterval', () => {
	it('writes a span on the 12-hour clock, with its day when weekly', () => {
		expect(formatInterval('09:00', '18:00')).toBe('9:00 am – 6:00 pm');
		expect(formatWeeklyInterval(3, '13:30', '17:00')).toBe('Wednesday 1:30 pm – 5:00 pm');
	});
});

describe('weekdayChoices', () => {
	it('offers the seven days from Monday by their ISO numbers', () => {
		const choices = weekdayChoices();
		expect(choices.map((choice) => choice.value)).toEqual([1, 2, 3, 4, 5, 6, 7]);
		expect(choices[0]).toEqual({ value: 1, name: 'Monday' });
		expect(choices[6]).toEqual({ value: 7, name: 'Sunday' });
	});
});

describe('weeklySchedule', () => {
	it('lists all seven days, closed ones with no intervals, intervals in order', () => {
		const schedule = weeklySchedule([
			{ weekday: 2, opens: '14:00', closes: '18:00' },
			{ weekday: 2, opens: '09:00', closes: '12:00' }
		]);
		expect(schedule).toHaveLength(7);
		expect(schedule[0]).toEqual({ weekday: 1, name: 'Monday', intervals: [] });
		expect(schedule[1]?.intervals).toEqual(['9:00 am – 12:00 pm', '2:00 pm – 6:00 pm']);
	});
});

describe('groupedSchedule', () => {
	it('collapses consecutive identical days and keeps different ones apart', () => {
		const hours = [
			...weekdays([1, 2, 3, 4, 5], '09:00', '18:00'),
			...weekdays([6], '09:00', '13:00')
		];
		expect(groupedSchedule(hours)).toEqual([
			{ label: 'Monday–Friday', intervals: ['9:00 am – 6:00 pm'] },
			{ label: 'Saturday', intervals: ['9:00 am – 1:00 pm'] }
		]);
	});

	it('does not join identical days separated by a closed day', () => {
		const hours = weekdays([1, 3], '09:00', '17:00');
		expect(groupedSchedule(hours).map((group) => group.label)).toEqual(['Monday', 'Wednesday']);
	});
});

describe('openingHoursSpecification', () => {
	it('gives schema.org day URLs and 24-hour times', () => {
		expect(openingHoursSpecification(weekdays([6], '09:00', '13:00'))).toEqual([
			{
				'@type': 'OpeningHoursSpecification',
				dayOfWeek: 'https://schema.org/Saturday',
				opens: '09:00',
				closes: '13:00'
			}
		]);
	});
});

describe('expandWeekdayChoice', () => {
	it('stands for Monday to Friday, or for the one day chosen', () => {
		expect(expandWeekdayChoice(mondayToFriday.value)).toEqual(['1', '2', '3', '4', '5']);
		expect(expandWeekdayChoice('6')).toEqual(['6']);
	});
});
