import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import {
	countRateLimitEvents,
	insertRateLimitEvents,
	purgeRateLimitEvents
} from '../db/repositories/rate-limit-repository';
import type { Database } from '../db/schema';

/** At most `limit` requests per `windowSeconds`. */
export interface RateRule {
	limit: number;
	windowSeconds: number;
}

/**
 * Answers whether one more request fits in every one of `buckets` (at most `limit` per
 * `windowSeconds` each) and, only when it does, counts it in all of them. A refused request
 * writes nothing, so a flood cannot grow the table past `limit` rows per bucket and window.
 * Kept in the database, so every app instance sees the same count. Two requests at the same
 * moment may both be let through at the edge: a spam defence, not a quota.
 */
export async function takeRateLimit(
	db: Kysely<Database>,
	buckets: readonly string[],
	rule: RateRule & { now: Temporal.Instant }
): Promise<boolean> {
	const since = rule.now.subtract({ seconds: rule.windowSeconds });
	for (const bucket of buckets) {
		if ((await countRateLimitEvents(db, bucket, since)) >= rule.limit) return false;
	}
	await insertRateLimitEvents(db, buckets, rule.now);
	return true;
}

/**
 * Counts this request against `bucket` and answers whether it is within `limit` per
 * `windowSeconds` (see {@link takeRateLimit}).
 */
export function withinRateLimit(
	db: Kysely<Database>,
	bucket: string,
	rule: RateRule & { now: Temporal.Instant }
): Promise<boolean> {
	return takeRateLimit(db, [bucket], rule);
}

/** A post to a public form that writes: which form, from where, through which link. */
export interface FormPost {
	/** The route, e.g. `/manage/[token]/intake/[step]`: each form has its own count. */
	form: string;
	clientAddress: string;
	/** The emailed link's token when the form is behind one, counted on its own too. */
	token?: string | null;
}

/**
 * The buckets a public form post is counted in: per form and address, and per form and link.
 * The link is stored as a hash, never in clear (it opens a patient's page).
 */
export function formPostBuckets(post: FormPost): string[] {
	const buckets = [`form:${post.form}:address:${post.clientAddress}`];
	if (post.token) {
		const digest = createHash('sha256')
			.update(`rate-limit:${post.token}`)
			.digest('base64url')
			.slice(0, 32);
		buckets.push(`form:${post.form}:link:${digest}`);
	}
	return buckets;
}

/** Whether a public form post is within `FORM_RATE_LIMIT`; counted only when it is. */
export function withinFormRateLimit(
	db: Kysely<Database>,
	post: FormPost,
	rule: RateRule & { now: Temporal.Instant }
): Promise<boolean> {
	return takeRateLimit(db, formPostBuckets(post), rule);
}

/**
 * How long rate-limit events must be kept: the longest window any limit counts over, and at
 * least an hour (staff sign-in counts failures over 15 minutes). Purging by a shorter time
 * would let a client through early under a long configured window.
 */
export function rateLimitRetentionSeconds(rules: readonly RateRule[]): number {
	return Math.max(3600, ...rules.map((rule) => rule.windowSeconds));
}

/** Deletes rate-limit events no limit counts any more; answers how many. */
export function purgeExpiredRateLimitEvents(
	db: Kysely<Database>,
	now: Temporal.Instant,
	rules: readonly RateRule[]
): Promise<number> {
	return purgeRateLimitEvents(db, now.subtract({ seconds: rateLimitRetentionSeconds(rules) }));
}
