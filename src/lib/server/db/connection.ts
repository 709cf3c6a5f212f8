import { chmodSync, closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from './schema';
import { changeTrackingPlugin } from './change-tracking';
import { ensurePrivateFolder, privateFileMode } from '../data-dir';

export type DialectName = 'sqlite' | 'postgres';

/** An open database: the typed query builder, which dialect it speaks, and how to close it. */
export interface DatabaseHandle {
	db: Kysely<Database>;
	dialect: DialectName;
	/** Answers whether the database responds to a trivial query. */
	ping(): Promise<boolean>;
	close(): Promise<void>;
}

export interface ConnectOptions {
	/** A `postgres://` URL, or null for SQLite. */
	databaseUrl: string | null;
	/** Where the SQLite file lives (ignored for PostgreSQL). */
	dataDir: string;
	/** Override the SQLite file (tests use a temporary one). */
	sqliteFile?: string;
	/** PostgreSQL schema to use as the search path (tests isolate themselves this way). */
	postgresSchema?: string;
}

/**
 * Opens the database the configuration names. SQLite is tuned for durability: WAL,
 * `synchronous=FULL` (a confirmed booking survives power loss), foreign keys on, and a busy
 * timeout so that a second writer waits rather than failing.
 */
export function connect(options: ConnectOptions): DatabaseHandle {
	if (options.databaseUrl) return connectPostgres(options.databaseUrl, options.postgresSchema);
	const file = options.sqliteFile ?? join(options.dataDir, 'clinic.sqlite');
	if (!options.sqliteFile) ensurePrivateFolder(options.dataDir);
	// The file exists, for this user only, before SQLite opens it: SQLite creates the WAL and
	// SHM files with the database file's mode, so they are private too (ADR 0036).
	closeSync(openSync(file, 'a', privateFileMode));
	chmodSync(file, privateFileMode);
	const sqlite = new SQLite(file);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('synchronous = FULL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	const db = new Kysely<Database>({
		dialect: new SqliteDialect({ database: sqlite }),
		plugins: [changeTrackingPlugin]
	});
	return {
		db,
		dialect: 'sqlite',
		ping: async () => {
			try {
				return sqlite.prepare('select 1 as ok').get() !== undefined;
			} catch {
				return false;
			}
		},
		close: () => db.destroy()
	};
}

function connectPostgres(url: string, schema: string | undefined): DatabaseHandle {
	const pool = new pg.Pool({
		connectionString: url,
		max: 10,
		// Fail fast when the server is down, so /healthz and pages answer 503 rather than hang.
		connectionTimeoutMillis: 3000,
		options: schema ? `-c search_path=${schema}` : undefined
	});
	// An idle client losing its connection must not crash the process.
	pool.on('error', () => {});
	// Nor a client in use (inside a transaction, between two statements): pg emits the error
	// on the client itself, where nobody listens, and the process would end. The statement
	// waiting on it fails with the error, and the pool drops the client when it is released.
	pool.on('connect', (client) => client.on('error', () => {}));
	const db = new Kysely<Database>({
		dialect: new PostgresDialect({ pool }),
		plugins: [changeTrackingPlugin]
	});
	return {
		db,
		dialect: 'postgres',
		ping: async () => {
			try {
				await sql`select 1`.execute(db);
				return true;
			} catch {
				return false;
			}
		},
		close: () => db.destroy()
	};
}
