import { Temporal } from 'temporal-polyfill';
import type { Weekday } from './types';

/**
 * Wall-clock times as plain numbers. Inside the engine a wall-clock moment is "local
 * milliseconds": the epoch milliseconds it would have if the zone were UTC. Counting this way
 * lets a day's hours run past midnight and lets the slot grid be simple arithmetic; the
 * offset timeline turns local milliseconds into real instants.
 */

/** Milliseconds in a minute. */
export const MS_PER_MINUTE = 60_000;
/** Milliseconds in a calendar day of local milliseconds (real days can be 23 or 25 hours). */
export const MS_PER_DAY = 86_400_000;

const EPOCH_DATE = Temporal.PlainDate.from('1970-01-01');
const WALL_CLOCK_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * Minutes after midnight of an 'HH:MM' time. Throws a RangeError for anything else, because
 * a mistyped hour would otherwise silently become a wrong schedule.
 */
export function parseWallClockTime(text: string): number {
	const match = WALL_CLOCK_PATTERN.exec(text);
	if (!match) throw new RangeError(`Expected a wall-clock time 'HH:MM', got '${text}'`);
	return Number(match[1]) * 60 + Number(match[2]);
}

/** Days since 1970-01-01 of a calendar date. */
export function epochDayOf(date: Temporal.PlainDate): number {
	return EPOCH_DATE.until(date, { largestUnit: 'day' }).days;
}

/** The calendar date a number of days after 1970-01-01. */
export function plainDateOfEpochDay(epochDay: number): Temporal.PlainDate {
	return EPOCH_DATE.add({ days: epochDay });
}

/** ISO weekday of an epoch day; 1970-01-01 was a Thursday. */
export function weekdayOfEpochDay(epochDay: number): Weekday {
	return (((((epochDay + 3) % 7) + 7) % 7) + 1) as Weekday;
}

/** Local milliseconds of a wall-clock time on an epoch day. */
export function localMsOf(epochDay: number, minutesAfterMidnight: number): number {
	return epochDay * MS_PER_DAY + minutesAfterMidnight * MS_PER_MINUTE;
}

/** The epoch day a local-milliseconds moment falls on. */
export function epochDayOfLocalMs(localMs: number): number {
	return Math.floor(localMs / MS_PER_DAY);
}
