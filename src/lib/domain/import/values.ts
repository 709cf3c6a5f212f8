import { Temporal } from 'temporal-polyfill';

/*
 * Cell values as exports write them: yes/no flags in their many spellings, and start times in
 * the location's wall-clock time or as ISO 8601 with an offset.
 */

const yes = new Set(['yes', 'y', 'true', '1', 'x', 'on', 'ja', 'oui', 'si', 'sí']);
const no = new Set(['no', 'n', 'false', '0', 'off', 'nein', 'non']);

/** A yes/no cell: the default when empty, null when it is neither. */
export function readFlag(text: string, fallback: boolean): boolean | null {
	const value = text.trim().toLowerCase();
	if (value === '') return fallback;
	if (yes.has(value)) return true;
	if (no.has(value)) return false;
	return null;
}

export type StartReading = { ok: true; start: Temporal.Instant } | { ok: false; message: string };

const isoWithOffset =
	/^(\d{4}-\d{2}-\d{2})[T ](\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|[+-]\d{2}(?::?\d{2})?)$/i;

/**
 * A visit's start: ISO 8601 with an offset ("2027-03-15T14:30-05:00") as the instant it names,
 * or a wall-clock time in the location's zone ("2027-03-15 14:30", "03/15/2027 2:30 PM"). A
 * wall-clock time that the clocks skip or pass twice is refused with what to write instead.
 */
export function readStart(text: string, timeZone: string): StartReading {
	const value = text.trim().replace(/\s+/g, ' ');
	if (value === '') return { ok: false, message: 'The start is empty.' };
	const iso = isoWithOffset.exec(value);
	if (iso) {
		const [, date, time, offset] = iso as unknown as [string, string, string, string];
		const clock = time.length === 4 || time.indexOf(':') === 1 ? `0${time}` : time;
		const zone = offset.toUpperCase() === 'Z' ? 'Z' : normalizeOffset(offset);
		try {
			const start = Temporal.Instant.from(`${date}T${clock}${zone}`);
			// Whole seconds, as instants are stored.
			return { ok: true, start: start.round({ smallestUnit: 'second', roundingMode: 'floor' }) };
		} catch {
			return { ok: false, message: `“${text}” is not a real date and time.` };
		}
	}
	const local = readWallClock(value);
	if (!local) {
		return {
			ok: false,
			message: `“${text}” is not a start this import reads: write 2027-03-15 14:30, 03/15/2027 2:30 PM or 2027-03-15T14:30-05:00.`
		};
	}
	if ('invalid' in local) return { ok: false, message: `“${text}” is not a real date and time.` };
	const candidates = candidatesFor(local.dateTime, timeZone);
	if (candidates.length === 0) {
		return {
			ok: false,
			message: `${local.dateTime.toString().replace('T', ' ').slice(0, 16)} does not exist in ${timeZone} (the clocks go forward then).`
		};
	}
	if (candidates.length > 1) {
		return {
			ok: false,
			message: `${local.dateTime.toString().replace('T', ' ').slice(0, 16)} happens twice in ${timeZone} (the clocks go back): write it with its offset, e.g. ${candidates[0]?.toZonedDateTimeISO(timeZone).toString({ timeZoneName: 'never', smallestUnit: 'minute' })}.`
		};
	}
	return { ok: true, start: candidates[0] as Temporal.Instant };
}

function normalizeOffset(offset: string): string {
	const digits = offset.slice(1).replace(':', '');
	const hours = digits.slice(0, 2);
	const minutes = digits.slice(2, 4) || '00';
	return `${offset[0]}${hours}:${minutes}`;
}

/*
 * The zone's offset for a whole date, when it does not change from noon the day before to noon
 * the day after, so that thousands of rows cost a few hundred zone lookups, not thousands.
 */
const steadyOffsets = new Map<string, number | null>();

function steadyOffsetMs(date: Temporal.PlainDate, timeZone: string): number | null {
	const key = `${timeZone}|${date}`;
	const known = steadyOffsets.get(key);
	if (known !== undefined) return known;
	const offsetAt = (day: Temporal.PlainDate) =>
		day.toZonedDateTime({ timeZone, plainTime: '12:00' }).offsetNanoseconds / 1e6;
	const before = offsetAt(date.subtract({ days: 1 }));
	const offset = before === offsetAt(date.add({ days: 1 })) ? before : null;
	if (steadyOffsets.size > 10_000) steadyOffsets.clear();
	steadyOffsets.set(key, offset);
	return offset;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
	const y = month <= 2 ? year - 1 : year;
	const era = Math.floor(y / 400);
	const yearOfEra = y - era * 400;
	const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
	const dayOfEra =
		yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
	return era * 146097 + dayOfEra - 719468;
}

/** The instants a wall-clock time names in a zone: none in a gap, two in a fold. */
function candidatesFor(dateTime: Temporal.PlainDateTime, timeZone: string): Temporal.Instant[] {
	const steady = steadyOffsetMs(dateTime.toPlainDate(), timeZone);
	if (steady !== null) {
		const { year, month, day, hour, minute, second } = dateTime;
		const utc =
			((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute) * 60_000 + second * 1000;
		return [Temporal.Instant.fromEpochMilliseconds(utc - steady)];
	}
	const earlier = dateTime.toZonedDateTime(timeZone, { disambiguation: 'earlier' });
	const later = dateTime.toZonedDateTime(timeZone, { disambiguation: 'later' });
	const exact = (zoned: Temporal.ZonedDateTime) =>
		Temporal.PlainDateTime.compare(zoned.toPlainDateTime(), dateTime) === 0;
	const found = [earlier, later].filter(exact).map((zoned) => zoned.toInstant());
	if (found.length === 2 && found[0]?.equals(found[1] as Temporal.Instant)) return [found[0]];
	return found;
}

const isoDate = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const usDate = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const clockTime = /^(\d{1,2}):(\d{2})(?::(\d{2}))?(?: ?([ap])\.?m\.?)?$/i;

/** "2027-03-15 14:30", "2027-03-15T14:30", "03/15/2027 2:30 PM" as a wall-clock date and time. */
export function readWallClock(
	text: string
): { dateTime: Temporal.PlainDateTime } | { invalid: true } | null {
	const value = text.trim().replace(/\s+/g, ' ');
	const split = /^(\S+)[T ](.+)$/.exec(value);
	if (!split) return null;
	const [, dateText, timeText] = split as unknown as [string, string, string];
	const date = isoDate.exec(dateText) ?? usDate.exec(dateText);
	const time = clockTime.exec(timeText.trim());
	if (!date || !time) return null;
	const [year, month, day] = date[0].includes('/')
		? [Number(date[3]), Number(date[1]), Number(date[2])]
		: [Number(date[1]), Number(date[2]), Number(date[3])];
	let hour = Number(time[1]);
	const minute = Number(time[2]);
	const second = Number(time[3] ?? 0);
	const meridiem = time[4]?.toLowerCase();
	if (meridiem) {
		if (hour < 1 || hour > 12) return { invalid: true };
		hour = (hour % 12) + (meridiem === 'p' ? 12 : 0);
	}
	try {
		const dateTime = Temporal.PlainDateTime.from(
			{ year, month, day, hour, minute, second },
			{ overflow: 'reject' }
		);
		return { dateTime };
	} catch {
		return { invalid: true };
	}
}
