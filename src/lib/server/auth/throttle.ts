import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { fromDbInstant, toDbInstant } from '../db/instant';
import type { Database } from '../db/schema';

/*
 * Failed sign-ins, counted in the database (rate_limit_event, migration 0002) so that every
 * app instance sees them (ADR 0032, superseding the limits of ADR 0014). Each key may fail
 * `freeFailures` times in `windowSeconds`; after that each further attempt waits 1, 2, 4, 8...
 * times `firstDelaySeconds` after the latest failure (at most `maxDelaySeconds`). Attempts
 * made while waiting are refused without checking the password and are not counted. Unknown
 * emails are counted like known ones, so the answer never tells whether an account exists.
 *
 * The keys: an address (10 free failures), an account and address together (2 free failures
 * while the account is under attack), and a known device (10 free failures, instead of the
 * others). The account's own count never blocks: it only says the account is under attack
 * (`accountAlarmFailures` failures in the window), so that wrong passwords from many addresses
 * cannot lock its owner out.
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

/** An account's failures from one address, limited while the account is under attack. */
export const underAttackRule: ThrottleRule = {
	freeFailures: 2,
	windowSeconds: 15 * 60,
	firstDelaySeconds: 5 * 60,
	maxDelaySeconds: 15 * 60
};

/** This many failures for one account in the window put it under attack. */
export const accountAlarmFailures = 10;

function emailDigest(email: string): string {
	return createHash('sha256').update(email.trim().toLowerCase()).digest('base64url');
}

export function accountKey(email: string): string {
	return `staff-sign-in:account:${emailDigest(email)}`;
}

export function addressKey(address: string): string {
	return `staff-sign-in:address:${address}`;
}

export function accountAddressKey(email: string, address: string): string {
	const digest = createHash('sha256')
		.update(`${emailDigest(email)}|${address}`)
		.digest('base64url');
	return `staff-sign-in:account-address:${digest}`;
}

/** A known device's own count (`nonce` from its signed cookie, see known-device.ts). */
export function deviceKey(nonce: string): string {
	return `staff-sign-in:device:${nonce}`;
}

/** How many failures `key` had in the rule's window. */
export async function countFailures(
	db: Kysely<Database>,
	key: string,
	now: Temporal.Instant,
	rule: ThrottleRule = signInThrottleRule
): Promise<number> {
	const row = await db
		.selectFrom('rate_limit_event')
		.select((eb) => eb.fn.countAll<number | string | bigint>().as('count'))
		.where('bucket', '=', key)
		.where('occurred_at', '>=', toDbInstant(now.subtract({ seconds: rule.windowSeconds })))
		.executeTakeFirst();
	return Number(row?.count ?? 0);
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

/** Forgets failures once the account's owner got all the way in. */
export async function clearFailures(db: Kysely<Database>, ...keys: string[]): Promise<void> {
	if (keys.length === 0) return;
	await db.deleteFrom('rate_limit_event').where('bucket', 'in', keys).execute();
}

export function nowInstant(): Temporal.Instant {
	return Temporal.Now.instant();
}
