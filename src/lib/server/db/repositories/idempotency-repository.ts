import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { toDbInstant } from '../instant';
import type { Database } from '../schema';

export interface StoredResponse {
	requestHash: string;
	statusCode: number;
	body: unknown;
}

/** The response stored under `key`, or null. */
export async function findIdempotentResponse(
	db: Kysely<Database>,
	key: string
): Promise<StoredResponse | null> {
	const row = await db
		.selectFrom('idempotency_key')
		.selectAll()
		.where('key', '=', key)
		.executeTakeFirst();
	if (!row) return null;
	return {
		requestHash: row.request_hash,
		statusCode: row.status_code,
		body: JSON.parse(row.response_json)
	};
}

/**
 * Claims a key before the work it guards. On PostgreSQL a concurrent claim of the same key
 * waits for this transaction and then fails with a unique violation, so the retry reads the
 * first answer instead of doing the work twice.
 */
export async function claimIdempotencyKey(
	db: Kysely<Database>,
	key: string,
	requestHash: string,
	now: Temporal.Instant
): Promise<void> {
	await db
		.insertInto('idempotency_key')
		.values({
			key,
			request_hash: requestHash,
			status_code: 0,
			response_json: 'null',
			created_at: toDbInstant(now)
		})
		.execute();
}

/** Records the answer for a claimed key. */
export async function storeIdempotentResponse(
	db: Kysely<Database>,
	key: string,
	statusCode: number,
	body: unknown
): Promise<void> {
	await db
		.updateTable('idempotency_key')
		.set({ status_code: statusCode, response_json: JSON.stringify(body) })
		.where('key', '=', key)
		.execute();
}

/** Forgets answers older than `before`; they hold manage links, so they are kept briefly. */
export async function purgeIdempotencyKeys(
	db: Kysely<Database>,
	before: Temporal.Instant
): Promise<number> {
	const result = await db
		.deleteFrom('idempotency_key')
		.where('created_at', '<', toDbInstant(before))
		.executeTakeFirst();
	return Number(result.numDeletedRows);
}

/** Whether an error is a unique-key violation in either dialect. */
export function isUniqueViolation(error: unknown): boolean {
	const code = (error as { code?: string }).code;
	return (
		code === '23505' ||
		code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
		code === 'SQLITE_CONSTRAINT_UNIQUE'
	);
}
