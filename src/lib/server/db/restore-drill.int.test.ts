// The restore drills of docs/operations.md, run exactly as written there (only the live data
// folder and database names are replaced by the test's own): a daily SQLite backup restored
// into a scratch folder, and a pg_dump restored into a scratch PostgreSQL database, each
// summarised like the live one.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Temporal } from 'temporal-polyfill';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../../../tests/support/server';
import { testDialects } from '../../../../tests/support/databases';
import { runDailyBackup } from '../services/retention';
import { connect } from './connection';
import { migrateToLatest } from './migrate';
import { seedDemoClinicIfEmpty } from './seed/seed';

const dialects = await testDialects();
const operations = readFileSync(join(projectRoot, 'docs', 'operations.md'), 'utf8');

/** The shell block that follows `<!-- restore-drill:NAME -->` in docs/operations.md. */
function drill(name: string): string {
	const match = new RegExp(`<!-- restore-drill:${name} -->\\n\`\`\`sh\\n([\\s\\S]*?)\`\`\``).exec(
		operations
	);
	if (!match?.[1]) throw new Error(`docs/operations.md has no restore-drill:${name} block`);
	return match[1];
}

/** Runs a block with bash, stopping at the first failing command; returns what it printed. */
function runBlock(script: string, env: Record<string, string> = {}): string {
	const result = spawnSync('bash', ['-euo', 'pipefail', '-c', script], {
		cwd: projectRoot,
		env: { ...process.env, ...env },
		encoding: 'utf8',
		timeout: 120_000
	});
	if (result.status !== 0) {
		throw new Error(`the drill failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
	}
	return result.stdout;
}

/** The `summary` lines the block printed, in order. */
function summaries(output: string): string[][] {
	return output
		.split(/^clinic: /m)
		.slice(1)
		.map((chunk) =>
			chunk
				.split('\n')
				.filter((line) => line.trim() !== '' && !line.startsWith('>'))
				.slice(0, 3)
		);
}

const folders: string[] = [];
afterAll(() => {
	for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

describe('the restore drill on SQLite', () => {
	it('restores the newest daily backup into a scratch folder, and it holds the live clinic', async () => {
		const live = mkdtempSync(join(tmpdir(), 'clinic-drill-live-'));
		folders.push(live);
		const handle = connect({ databaseUrl: null, dataDir: live });
		await migrateToLatest(handle);
		await seedDemoClinicIfEmpty(handle.db);
		const now = Temporal.Now.instant();
		expect((await runDailyBackup(handle.db, { dataDir: live, dialect: 'sqlite', now })).kind).toBe(
			'succeeded'
		);
		await handle.close();

		const output = runBlock(drill('sqlite').replaceAll('/srv/clinic/data', live));
		expect(output).toMatch(/restored .*daily-\d{8}-\d{6}Z\.sqlite/);
		const [restored, current] = summaries(output);
		expect(restored?.[0]).toBe('Harbor Lantern Acupuncture');
		expect(restored?.[1]).toMatch(
			/^ {2}patients [1-9]\d*, appointments [1-9]\d*, audit events \d+$/
		);
		expect(restored).toEqual(current);
	}, 120_000);
});

describe.skipIf(!dialects.includes('postgres'))('the restore drill on PostgreSQL', () => {
	const adminUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
	const suffix = `${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
	const liveName = `clinic_live_${suffix}`;
	const drillName = `clinic_drill_${suffix}`;
	const sql = async (text: string) => {
		const client = new pg.Client({ connectionString: adminUrl });
		await client.connect();
		try {
			await client.query(text);
		} finally {
			await client.end();
		}
	};
	afterAll(async () => {
		await sql(`drop database if exists ${drillName} with (force)`);
		await sql(`drop database if exists ${liveName} with (force)`);
	});

	it('restores a pg_dump into a scratch database, and it holds the live clinic', async () => {
		await sql(`create database ${liveName}`);
		const url = new URL(adminUrl);
		url.pathname = `/${liveName}`;
		const handle = connect({ databaseUrl: url.href, dataDir: '' });
		await migrateToLatest(handle);
		await seedDemoClinicIfEmpty(handle.db);
		await handle.close();
		// The folder the command line keeps its files in (DATA_DIR), away from the project.
		const dataDir = mkdtempSync(join(tmpdir(), 'clinic-drill-pg-'));
		folders.push(dataDir);

		const block = drill('postgres')
			.replace('postgres://clinic@127.0.0.1:5432/clinic\n', `${url.href}\n`)
			.replaceAll('clinic_drill', drillName);
		const output = runBlock(block, { DATA_DIR: dataDir });
		const [restored, current] = summaries(output);
		expect(restored?.[0]).toBe('Harbor Lantern Acupuncture');
		expect(restored).toEqual(current);
		// The drill cleaned up after itself.
		const left = execFileSync(
			'psql',
			[adminUrl, '-Atc', `select count(*) from pg_database where datname = '${drillName}'`],
			{ encoding: 'utf8' }
		);
		expect(left.trim()).toBe('0');
	}, 120_000);
});
