import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { toDbInstant } from '../instant';
import type { Database } from '../schema';

/**
 * How many events `bucket` holds since `since`. Stored in the database so that the limit holds
 * across app instances.
 */
export async function countRateLimitEvents(
	db: Kysely<Database>,
	bucket: string,
	since: Temporal.Instant
): Promise<number> {
	const row = await db
		.selectFrom('rate_limit_event')
		.select((eb) => eb.fn.countAll<number>().as('count'))
		.where('bucket', '=', bucket)
		.where('occurred_at', '>=', toDbInstant(since))
		.executeTakeFirstOrThrow();
	return Number(row.count);
}

/** Records one event in each of `buckets`. */
export async function insertRateLimitEvents(
	db: Kysely<Database>,
	buckets: readonly string[],
	now: Temporal.Instant
): Promise<void> {
	if (buckets.length === 0) return;
	await db
		.insertInto('rate_limit_event')
		.values(buckets.map((bucket) => ({ bucket, occurred_at: toDbInstant(now) })))
		.execute();
}

/** Deletes events older than `before`; answers how many. */
export async function purgeRateLimitEvents(
	db: Kysely<Database>,
	before: Temporal.Instant
): Promise<number> {
	const result = await db
		.deleteFrom('rate_limit_event')
		.where('occurred_at', '<', toDbInstant(before))
		.executeTakeFirst();
	return Number(result.numDeletedRows);
}
