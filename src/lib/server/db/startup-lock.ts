import { sql } from 'kysely';
import type { DatabaseHandle } from './connection';

/** The advisory lock key of start-up work (ADR 0012 uses 7301 for schedule writes). */
const startupLockKey = 7302;

/**
 * Runs start-up work (migrating, seeding the demo clinic, creating the first accounts) while
 * holding a PostgreSQL advisory lock, so that instances starting at the same moment do it one
 * after the other: the second finds the work done. The lock belongs to one pooled
 * connection held for the duration and ends with it if the process dies. SQLite serves one
 * process and needs no lock.
 */
export async function withStartupLock<T>(
	database: DatabaseHandle,
	work: () => Promise<T>
): Promise<T> {
	if (database.dialect !== 'postgres') return work();
	return database.db.connection().execute(async (connection) => {
		await sql`select pg_advisory_lock(${startupLockKey}, 0)`.execute(connection);
		try {
			return await work();
		} finally {
			await sql`select pg_advisory_unlock(${startupLockKey}, 0)`.execute(connection);
		}
	});
}
