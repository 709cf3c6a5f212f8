import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { fromDbInstant, toDbInstant } from '../db/instant';
import type { Database } from '../db/schema';

/*
 * Failed sign-ins, counted in the database (rate_limit_event, migration 0002) so that every
 * app instance sees them. Each key (an account, an address) may fail `freeFailures` times in
 * `windowSeconds`; after that each further attempt waits 1, 2, 4, 8... minutes after the latest
 * failure (at most `maxDelaySeconds`). Attempts made while waiting are refused without checking
 * the password and are not counted. Unknown emails are counted like known ones, so the answer
 * never tells whether an account exists.
 */

export interface ThrottleRule {
	freeFailures: number;
	windowSeconds: number;
	firstDelaySeconds: number;
	maxDelaySeconds: number;
}

export const signInThrottleRule: ThrottleRule = {
	freeFailures: 10,
	windowSeconds: 15 * 60,
	firstDelaySeconds: 60,
	maxDelaySeconds: 15 * 60
};

export function accountKey(email: string): string {
	const digest = createHash('sha256').update(email.trim().toLowerCase()).digest('base64url');
	return `staff-sign-in:account:${digest}`;
}

export function addressKey(address: string): string {
	return `staff-sign-in:address:${address}`;
}

/** Seconds to wait before `keys` may try again, or 0 when they may try now. */
export async function secondsUntilAllowed(
	db: Kysely<Database>,
	keys: string[],
	now: Temporal.Instant,
	rule: ThrottleRule = signInThrottleRule
): Promise<number> {
	let wait = 0;
	for (const key of keys) {
		const rows = await db
			.selectFrom('rate_limit_event')
			.select('occurred_at')
			.where('bucket', '=', key)
			.where('occurred_at', '>=', toDbInstant(now.subtract({ seconds: rule.windowSeconds })))
			.orderBy('occurred_at', 'desc')
			.execute();
		const latest = rows[0];
		if (!latest || rows.length < rule.freeFailures) continue;
		const extra = rows.length - rule.freeFailures;
		const delay = Math.min(rule.firstDelaySeconds * 2 ** extra, rule.maxDelaySeconds);
		const until = fromDbInstant(latest.occurred_at).add({ seconds: delay });
		const seconds = Math.ceil(now.until(until).total('seconds'));
		wait = Math.max(wait, seconds);
	}
	return wait;
}

export async function recordFailure(
	db: Kysely<Database>,
	keys: string[],
	now: Temporal.Instant
): Promise<void> {
	if (keys.length === 0) return;
	await db
		.insertInto('rate_limit_event')
		.values(keys.map((bucket) => ({ bucket, occurred_at: toDbInstant(now) })))
		.execute();
}

/** Forgets an account's failures once its owner got all the way in. */
export async function clearFailures(db: Kysely<Database>, key: string): Promise<void> {
	await db.deleteFrom('rate_limit_event').where('bucket', '=', key).execute();
}

export function nowInstant(): Temporal.Instant {
	return Temporal.Now.instant();
}
