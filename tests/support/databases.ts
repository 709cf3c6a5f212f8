import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { connect, type DatabaseHandle, type DialectName } from '../../src/lib/server/db/connection';
import { migrateToLatest } from '../../src/lib/server/db/migrate';

/*
 * Integration tests run against real databases: a temporary SQLite file, and a PostgreSQL
 * database created for the test and dropped afterwards, so no run depends on another.
 */

const defaultPostgresUrl = 'postgres://postgres@127.0.0.1:5432/postgres';

/** A fresh, migrated database and the function that throws it away. */
export interface TestDatabase {
	handle: DatabaseHandle;
	dispose(): Promise<void>;
}

async function postgresReachable(url: string): Promise<string | null> {
	const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
	try {
		await client.connect();
		return null;
	} catch (error) {
		return (error as Error).message;
	} finally {
		await client.end().catch(() => {});
	}
}

/**
 * The dialects this run tests. PostgreSQL is left out, with the reason printed, only when it
 * cannot be reached and the run does not require it (CI and `npm test` with PostgreSQL up do).
 */
export async function testDialects(): Promise<DialectName[]> {
	if (process.env.TEST_POSTGRES_SKIP) return ['sqlite'];
	const url = process.env.TEST_POSTGRES_URL ?? defaultPostgresUrl;
	const problem = await postgresReachable(url);
	if (!problem) return ['sqlite', 'postgres'];
	if (process.env.TEST_REQUIRE_POSTGRES === '1' || process.env.CI === 'true') {
		throw new Error(`PostgreSQL is required for this run but not reachable: ${problem}`);
	}
	console.warn(`skipping PostgreSQL integration tests: ${problem}`);
	return ['sqlite'];
}

/** Creates an empty database of the given dialect, migrated to the latest schema. */
export async function createTestDatabase(
	dialect: DialectName,
	options: { migrate?: boolean } = {}
): Promise<TestDatabase> {
	if (dialect === 'sqlite') {
		const dir = mkdtempSync(join(tmpdir(), 'clinic-int-'));
		const handle = connect({ databaseUrl: null, dataDir: dir });
		if (options.migrate !== false) await migrateToLatest(handle);
		return {
			handle,
			dispose: async () => {
				await handle.close();
				rmSync(dir, { recursive: true, force: true });
			}
		};
	}
	const adminUrl = process.env.TEST_POSTGRES_URL ?? defaultPostgresUrl;
	const name = `clinic_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
	const admin = new pg.Client({ connectionString: adminUrl });
	await admin.connect();
	await admin.query(`create database ${name}`);
	await admin.end();
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	const handle = connect({ databaseUrl: url.href, dataDir: '' });
	if (options.migrate !== false) await migrateToLatest(handle);
	return {
		handle,
		dispose: async () => {
			await handle.close();
			const cleanup = new pg.Client({ connectionString: adminUrl });
			await cleanup.connect();
			await cleanup.query(`drop database if exists ${name} with (force)`);
			await cleanup.end();
		}
	};
}

/**
 * The migrated schema of each dialect as `{ table: ['column', 'nullable?', ...] }`, from a
 * fresh database each, so a test can check that every dialect ends with the same tables.
 */
export async function schemaShapes(
	dialects: readonly DialectName[],
	tableFilter: (name: string) => boolean = () => true
): Promise<Record<string, string[]>[]> {
	const shapes: Record<string, string[]>[] = [];
	for (const dialect of dialects) {
		const database = await createTestDatabase(dialect);
		try {
			const tables = await database.handle.db.introspection.getTables();
			shapes.push(
				Object.fromEntries(
					tables
						.filter((table) => tableFilter(table.name))
						.map((table): [string, string[]] => [
							table.name,
							table.columns.map((column) => `${column.name}${column.isNullable ? '?' : ''}`).sort()
						])
						.sort(([a], [b]) => a.localeCompare(b))
				)
			);
		} finally {
			await database.dispose();
		}
	}
	return shapes;
}
