import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { fromDbInstant, toDbInstant } from '../instant';
import type { Database } from '../schema';

export interface TimeOffEntry {
	id: number;
	practitionerId: number;
	start: Temporal.Instant;
	end: Temporal.Instant;
	reason: string;
}

/** Time off that has not ended by `after`, soonest first. */
export async function listTimeOff(
	db: Kysely<Database>,
	after: Temporal.Instant
): Promise<TimeOffEntry[]> {
	const rows = await db
		.selectFrom('time_off')
		.selectAll()
		.where('ends_at', '>', toDbInstant(after))
		.orderBy('starts_at')
		.execute();
	return rows.map((row) => ({
		id: row.id,
		practitionerId: row.practitioner_id,
		start: fromDbInstant(row.starts_at),
		end: fromDbInstant(row.ends_at),
		reason: row.reason
	}));
}

/** Adds time off; returns its id. */
export async function insertTimeOff(
	db: Kysely<Database>,
	entry: Omit<TimeOffEntry, 'id'>
): Promise<number> {
	const row = await db
		.insertInto('time_off')
		.values({
			practitioner_id: entry.practitionerId,
			starts_at: toDbInstant(entry.start),
			ends_at: toDbInstant(entry.end),
			reason: entry.reason
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

/** Removes time off; returns what was removed, or null. */
export async function deleteTimeOff(
	db: Kysely<Database>,
	id: number
): Promise<TimeOffEntry | null> {
	const row = await db
		.deleteFrom('time_off')
		.where('id', '=', id)
		.returningAll()
		.executeTakeFirst();
	return row
		? {
				id: row.id,
				practitionerId: row.practitioner_id,
				start: fromDbInstant(row.starts_at),
				end: fromDbInstant(row.ends_at),
				reason: row.reason
			}
		: null;
}
