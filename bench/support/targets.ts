// The databases the HTTP benchmarks run against, each grown to the benchmark's size and served
// by the built application: SQLite in a temporary DATA_DIR, and PostgreSQL in a database
// created for this run and dropped afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { connect, type DatabaseHandle } from '../../src/lib/server/db/connection';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { seedDemoClinicIfEmpty } from '../../src/lib/server/db/seed/seed';
import { startApp, type AppServer } from './app-server';
import { growDemoClinic, type BenchDataset } from './dataset';

export interface Target {
	name: 'SQLite' | 'PostgreSQL';
	server: AppServer;
	dataset: BenchDataset;
	/** Seconds spent creating, migrating, seeding and filling the database. */
	fillSeconds: number;
	/** A second connection to the same database, for checks while the server runs. */
	open(): DatabaseHandle;
}

/** Cleanup steps, run last-registered first, whatever happened before. */
export class Cleanup {
	private steps: { what: string; run: () => Promise<void> | void }[] = [];

	add(what: string, run: () => Promise<void> | void): void {
		this.steps.push({ what, run });
	}

	async runAll(): Promise<void> {
		for (const step of this.steps.reverse()) {
			try {
				await step.run();
			} catch (error) {
				console.log(`bench: cleanup "${step.what}" failed: ${(error as Error).message}`);
			}
		}
		this.steps = [];
	}
}

async function fill(handle: DatabaseHandle): Promise<{ dataset: BenchDataset; seconds: number }> {
	const started = performance.now();
	try {
		await migrateToLatest(handle);
		await seedDemoClinicIfEmpty(handle.db);
		const dataset = await growDemoClinic(handle.db);
		return { dataset, seconds: (performance.now() - started) / 1000 };
	} finally {
		await handle.close();
	}
}

function tempDir(cleanup: Cleanup, prefix: string): string {
	const dir = mkdtempSync(join(tmpdir(), prefix));
	cleanup.add(`remove ${dir}`, () => rmSync(dir, { recursive: true, force: true }));
	return dir;
}

export async function sqliteTarget(cleanup: Cleanup): Promise<Target> {
	const dataDir = tempDir(cleanup, 'clinic-bench-sqlite-');
	const { dataset, seconds } = await fill(connect({ databaseUrl: null, dataDir }));
	const server = await startApp({ dataDir });
	cleanup.add('stop the SQLite server', () => server.stop());
	return {
		name: 'SQLite',
		server,
		dataset,
		fillSeconds: seconds,
		open: () => connect({ databaseUrl: null, dataDir })
	};
}

export const postgresAdminUrl =
	process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Null when PostgreSQL answers, otherwise why not. */
export async function postgresProblem(): Promise<string | null> {
	const client = new pg.Client({
		connectionString: postgresAdminUrl,
		connectionTimeoutMillis: 3000
	});
	try {
		await client.connect();
		return null;
	} catch (error) {
		return (error as Error).message;
	} finally {
		await client.end().catch(() => {});
	}
}

async function admin(statement: string): Promise<void> {
	const client = new pg.Client({ connectionString: postgresAdminUrl });
	await client.connect();
	try {
		await client.query(statement);
	} finally {
		await client.end();
	}
}

export async function postgresTarget(cleanup: Cleanup): Promise<Target> {
	const name = `clinic_bench_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
	await admin(`create database ${name}`);
	cleanup.add(`drop database ${name}`, () => admin(`drop database if exists ${name} with (force)`));
	const url = new URL(postgresAdminUrl);
	url.pathname = `/${name}`;
	const databaseUrl = url.href;
	const { dataset, seconds } = await fill(connect({ databaseUrl, dataDir: '' }));
	const dataDir = tempDir(cleanup, 'clinic-bench-postgres-');
	const server = await startApp({ dataDir, env: { DATABASE_URL: databaseUrl } });
	cleanup.add('stop the PostgreSQL server', () => server.stop());
	return {
		name: 'PostgreSQL',
		server,
		dataset,
		fillSeconds: seconds,
		open: () => connect({ databaseUrl, dataDir: '' })
	};
}
