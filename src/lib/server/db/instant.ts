import { Temporal } from 'temporal-polyfill';

/**
 * Instants cross the database boundary here. Written as UTC text with whole seconds
 * ('2027-03-14T08:00:00Z'), one exact shape, so that SQLite's text comparison is time order;
 * PostgreSQL reads the same text into `timestamptz` and answers with a Date.
 */
export function toDbInstant(instant: Temporal.Instant): string {
	return instant.round({ smallestUnit: 'second', roundingMode: 'floor' }).toString();
}

/** Reads an instant column from either dialect. */
export function fromDbInstant(value: string | Date): Temporal.Instant {
	if (value instanceof Date) return Temporal.Instant.fromEpochMilliseconds(value.getTime());
	return Temporal.Instant.from(value);
}

/** Reads a nullable instant column. */
export function fromDbInstantOrNull(value: string | Date | null): Temporal.Instant | null {
	return value === null ? null : fromDbInstant(value);
}
