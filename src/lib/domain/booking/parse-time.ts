import { Temporal } from 'temporal-polyfill';

/*
 * Times and dates from forms, links and the API. Temporal accepts years from -271821 to
 * 275760, where arithmetic near the ends overflows; a clinic books within a few years of
 * today, so anything outside 2000-2199 is refused as input rather than computed with.
 */

const firstYear = 2000;
const lastYear = 2199;

/** An instant such as '2027-03-15T09:00:00-05:00', or null when malformed or out of range. */
export function parseBookableInstant(text: string | null | undefined): Temporal.Instant | null {
	if (!text || text.length > 40) return null;
	try {
		const instant = Temporal.Instant.from(text);
		const year = instant.toZonedDateTimeISO('UTC').year;
		return year >= firstYear && year <= lastYear ? instant : null;
	} catch {
		return null;
	}
}

/** A calendar date 'YYYY-MM-DD', or null when malformed or out of range. */
export function parseCalendarDate(text: string | null | undefined): Temporal.PlainDate | null {
	if (!text || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
	try {
		const date = Temporal.PlainDate.from(text, { overflow: 'reject' });
		return date.year >= firstYear && date.year <= lastYear ? date : null;
	} catch {
		return null;
	}
}

/** A month 'YYYY-MM', or null when malformed or out of range. */
export function parseCalendarMonth(
	text: string | null | undefined
): Temporal.PlainYearMonth | null {
	if (!text || !/^\d{4}-\d{2}$/.test(text)) return null;
	try {
		const month = Temporal.PlainYearMonth.from(text, { overflow: 'reject' });
		return month.year >= firstYear && month.year <= lastYear ? month : null;
	} catch {
		return null;
	}
}
