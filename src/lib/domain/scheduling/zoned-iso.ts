import { buildOffsetTimeline, offsetAt } from './offset-timeline';
import { MS_PER_DAY } from './wall-clock';

/*
 * Writing a slot's time as ISO 8601 with its offset ('2027-03-15T09:00:00-05:00') through
 * Temporal costs tens of microseconds a slot, which adds up to most of an availability
 * response for a month of slots. The offsets of the range are read once (see
 * offset-timeline.ts) and the rest is integer arithmetic; tests compare it with Temporal.
 */

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** The proleptic Gregorian date of a day count since 1970-01-01 (Hinnant's civil_from_days). */
function civilFromDays(days: number): { year: number; month: number; day: number } {
	const z = days + 719468;
	const era = Math.floor(z / 146097);
	const dayOfEra = z - era * 146097;
	const yearOfEra = Math.floor(
		(dayOfEra -
			Math.floor(dayOfEra / 1460) +
			Math.floor(dayOfEra / 36524) -
			Math.floor(dayOfEra / 146096)) /
			365
	);
	const dayOfYear =
		dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
	const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
	const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
	const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
	const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
	return { year, month, day };
}

function formatOffset(offsetMs: number): string {
	const sign = offsetMs < 0 ? '-' : '+';
	const minutes = Math.round(Math.abs(offsetMs) / 60_000);
	return `${sign}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/**
 * A formatter for instants (epoch milliseconds) between `fromMs` and `toMs` in `timeZone`:
 * local date and time to the second, then the offset in force at that instant.
 */
export function zonedIsoFormatter(
	timeZone: string,
	fromMs: number,
	toMs: number
): (instantMs: number) => string {
	const timeline = buildOffsetTimeline(timeZone, fromMs, toMs);
	return (instantMs) => {
		const offsetMs = offsetAt(timeline, instantMs);
		const localMs = instantMs + offsetMs;
		const days = Math.floor(localMs / MS_PER_DAY);
		const { year, month, day } = civilFromDays(days);
		const seconds = Math.floor((localMs - days * MS_PER_DAY) / 1000);
		const time = `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}`;
		return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${time}${formatOffset(offsetMs)}`;
	};
}
