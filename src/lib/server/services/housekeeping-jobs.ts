import type { Kysely } from 'kysely';
import type { Config } from '../config';
import type { Database } from '../db/schema';
import type { PeriodicJob } from '../mail/outbox-worker';
import { purgeExpiredRateLimitEvents } from './rate-limit';
import { purgeAnonymousChecks } from './screening-before-booking';

/** How often the purges below run. */
export const housekeepingIntervalMs = 60 * 60 * 1000;

/**
 * The periodic jobs that keep what public posts leave behind bounded (ADR 0033): rate-limit
 * events once no configured limit counts them, and anonymous back pain checks once they no
 * longer count for booking. Both are plain deletes, safe to run twice or on two instances.
 */
export function housekeepingJobs(
	db: Kysely<Database>,
	config: Pick<Config, 'bookingRateLimit' | 'formRateLimit'>
): PeriodicJob[] {
	return [
		{
			name: 'rate-limit events purge',
			everyMs: housekeepingIntervalMs,
			run: (now) =>
				purgeExpiredRateLimitEvents(db, now, [config.bookingRateLimit, config.formRateLimit])
		},
		{
			name: 'anonymous back pain checks purge',
			everyMs: housekeepingIntervalMs,
			run: (now) => purgeAnonymousChecks(db, now)
		}
	];
}
