import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema';

/**
 * Whether the database gave up a transaction because of a conflict with another one, so that
 * running it again is the right answer: PostgreSQL's deadlock_detected (two bookings whose
 * exclusion-constraint checks wait on each other) and serialization_failure; SQLite's busy
 * errors from another process.
 */
export function isRetryableConflict(error: unknown): boolean {
	const code = (error as { code?: string }).code;
	return (
		code === '40P01' ||
		code === '40001' ||
		code === 'SQLITE_BUSY' ||
		code === 'SQLITE_BUSY_SNAPSHOT'
	);
}

/**
 * Runs `work` in a transaction, again (up to `attempts` times in all, after a short random
 * pause) when the database aborted it for a conflict. Each attempt starts from scratch, so
 * the re-check inside sees what the winner committed.
 */
export async function transactionWithRetry<T>(
	db: Kysely<Database>,
	work: (trx: Transaction<Database>) => Promise<T>,
	attempts = 4
): Promise<T> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await db.transaction().execute(work);
		} catch (error) {
			if (attempt >= attempts || !isRetryableConflict(error)) throw error;
			await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
		}
	}
}
