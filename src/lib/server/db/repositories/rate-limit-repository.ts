import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { toDbInstant } from '../instant';
import type { Database } from '../schema';

/**
 * Records one event in `bucket` and answers how many there were since `since`, this one
 * included. Stored in the database so that the limit holds across app instances.
 */
export async function recordRateLimitEvent(
	db: Kysely<Database>,
	bucket: string,
	now: Temporal.Instant,
	since: Temporal.Instant
): Promise<number> {
	await db
		.insertInto('rate_limit_event')
		.values({ bucket, occurred_at: toDbInstant(now) })
		.execute();
	const row = await db
		.selectFrom('rate_limit_event')
		.select((eb) => eb.fn.countAll<number>().as('count'))
		.where('bucket', '=', bucket)
		.where('occurred_at', '>=', toDbInstant(since))
		.executeTakeFirstOrThrow();
	return Number(row.count);
}

/** Deletes events older than `before`. */
export async function purgeRateLimitEvents(
	db: Kysely<Database>,
	before: Temporal.Instant
): Promise<void> {
	await db.deleteFrom('rate_limit_event').where('occurred_at', '<', toDbInstant(before)).execute();
}
