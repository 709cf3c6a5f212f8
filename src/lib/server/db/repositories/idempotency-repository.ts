import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { toDbInstant } from '../instant';
import type { Database } from '../schema';

/*
 * A stored answer holds the booking's manage link, which must not sit in clear at rest
 * (issue 12, ADR 0031). The client's own Idempotency-Key is the secret that reaches it: the row
 * is found by the key's SHA-256 and the answer is sealed (AES-256-GCM) with a key derived from
 * it, so only a request presenting the same key can read the answer back. The appointment id
 * stays readable for the integrity checks of the fault tests.
 */

/** What the `key` column holds: the SHA-256 of the client's key, never the key. */
function storedKey(key: string): string {
	return createHash('sha256').update(`idempotency:${key}`).digest('hex');
}

function sealingKey(key: string): Buffer {
	return createHash('sha256').update(`idempotency-response:${key}`).digest();
}

function seal(key: string, body: unknown): string {
	const iv = randomBytes(12);
	const cipher = createCipheriv('aes-256-gcm', sealingKey(key), iv);
	const sealed = Buffer.concat([cipher.update(JSON.stringify(body), 'utf8'), cipher.final()]);
	return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

function unseal(key: string, sealed: string): unknown {
	const bytes = Buffer.from(sealed, 'base64url');
	const decipher = createDecipheriv('aes-256-gcm', sealingKey(key), bytes.subarray(0, 12));
	decipher.setAuthTag(bytes.subarray(12, 28));
	const text = Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]);
	return JSON.parse(text.toString('utf8'));
}

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
		.where('key', '=', storedKey(key))
		.executeTakeFirst();
	if (!row) return null;
	const stored = JSON.parse(row.response_json) as { sealed?: string } | null;
	return {
		requestHash: row.request_hash,
		statusCode: row.status_code,
		body: stored?.sealed ? unseal(key, stored.sealed) : null
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
			key: storedKey(key),
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
		.set({
			status_code: statusCode,
			response_json: JSON.stringify({
				...(isRecord(body) && typeof body.id === 'number' ? { id: body.id } : {}),
				sealed: seal(key, body)
			})
		})
		.where('key', '=', storedKey(key))
		.execute();
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null;
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
