import { Temporal } from 'temporal-polyfill';

/**
 * Instants cross the database boundary here. Written as UTC text with whole seconds
 * ('2027-03-14T08:00:00Z'), one exact shape, so that SQLite's text comparison is time order;
 * PostgreSQL reads the same text into `timestamptz` and answers with a Date.
 */
export function toDbInstant(instant: Temporal.Instant): string {
	return instant.round({ smallestUnit: 'second', roundingMode: 'floor' }).toString();
}

const canonical = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/**
 * Reads an instant column from either dialect. The canonical shape is parsed with the fast
 * built-in parser (availability reads a thousand appointments a request); anything else goes
 * through Temporal.
 */
export function fromDbInstant(value: string | Date): Temporal.Instant {
	if (value instanceof Date) return Temporal.Instant.fromEpochMilliseconds(value.getTime());
	if (canonical.test(value)) return Temporal.Instant.fromEpochMilliseconds(Date.parse(value));
	return Temporal.Instant.from(value);
}

/** Reads a nullable instant column. */
export function fromDbInstantOrNull(value: string | Date | null): Temporal.Instant | null {
	return value === null ? null : fromDbInstant(value);
}
