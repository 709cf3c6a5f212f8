import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { recordRateLimitEvent } from '../db/repositories/rate-limit-repository';
import type { Database } from '../db/schema';

/**
 * Counts this request against `bucket` and answers whether it is within `limit` per
 * `windowSeconds`. Kept in the database, so every app instance sees the same count.
 */
export async function withinRateLimit(
	db: Kysely<Database>,
	bucket: string,
	rule: { limit: number; windowSeconds: number; now: Temporal.Instant }
): Promise<boolean> {
	const count = await recordRateLimitEvent(
		db,
		bucket,
		rule.now,
		rule.now.subtract({ seconds: rule.windowSeconds })
	);
	return count <= rule.limit;
}
