import { Temporal } from 'temporal-polyfill';
import { ConfigError, loadConfig } from '../config';
import { connect } from '../db/connection';
import { migrateToLatest } from '../db/migrate';
import { backupDatabase, restoreDatabase } from '../db/backup';
import { isServerRunning } from '../pid-file';
import { issuePractitionerFeed } from '../services/practitioner-feed';
import { staffAuthFor } from '../auth/instance';
import { secureDataDir } from '../data-dir';
import { summarizeDatabase } from '../db/repositories/summary-repository';

const postgresBackups =
	"With DATABASE_URL set, use PostgreSQL's own tools: pg_dump --format=custom and pg_restore (docs/operations.md).";

const usage = `Usage: npm run clinic -- <command>

Commands:
  feed-url <practitioner-slug>   issue a new secret calendar feed URL for a practitioner
                                 (the previous URL stops working)
  create-owner --email <email> --name <name>
                                 add an owner account and print its one-time setup link
  backup                         copy the SQLite database to DATA_DIR/backups (online, checked)
  restore <backup-file>          replace the SQLite database with a checked backup
                                 (stop the server first; the current one is kept)
  summary                        what the database holds, in counts (to check a restore)
  help                           show this text

The same environment as the server applies (DATA_DIR, DATABASE_URL, ORIGIN, ...).`;

/** Runs one command and returns the process exit code. */
export async function main(args: string[]): Promise<number> {
	const [command, ...rest] = args;
	if (!command || command === 'help' || command === '--help') {
		console.log(usage);
		return command ? 0 : 1;
	}
	let config;
	try {
		config = loadConfig(process.env);
	} catch (error) {
		if (error instanceof ConfigError) {
			console.error(`clinic: ${error.message}`);
			return 1;
		}
		throw error;
	}
	// What the command writes (backups, the database, a secret) is this user's only (ADR 0036).
	secureDataDir(config.dataDir);
	if (command === 'backup' || command === 'restore') {
		if (config.databaseUrl) {
			console.error(`clinic: ${postgresBackups}`);
			return 1;
		}
		const now = Temporal.Now.instant();
		try {
			if (command === 'backup') {
				const result = await backupDatabase(config.dataDir, now);
				console.log(`backup written and checked: ${result.file} (${result.bytes} bytes)`);
				return 0;
			}
			const file = rest[0];
			if (!file) {
				console.error('clinic: restore needs the backup file, e.g. data/backups/clinic-....sqlite');
				return 1;
			}
			const { savedPrevious } = restoreDatabase(config.dataDir, file, now, () =>
				isServerRunning(config.dataDir)
			);
			console.log(`restored ${file}`);
			if (savedPrevious) console.log(`the previous database was kept as ${savedPrevious}`);
			return 0;
		} catch (error) {
			console.error(`clinic: ${(error as Error).message}`);
			return 1;
		}
	}
	const database = connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
	try {
		await migrateToLatest(database);
		const now = Temporal.Now.instant();
		switch (command) {
			case 'feed-url': {
				const slug = rest[0];
				if (!slug) {
					console.error('clinic: feed-url needs a practitioner slug, e.g. mei-lin-okafor');
					return 1;
				}
				const url = await issuePractitionerFeed(database.db, slug, { now, origin: config.origin });
				if (!url) {
					console.error(`clinic: no practitioner "${slug}"`);
					return 1;
				}
				console.log(url);
				return 0;
			}
			case 'create-owner': {
				const email = optionValue(rest, '--email');
				const name = optionValue(rest, '--name');
				if (!email || !/^[^\s@]+@[^\s@]+$/.test(email) || !name) {
					console.error('clinic: create-owner needs --email <email> and --name <name>');
					return 1;
				}
				const service = staffAuthFor(database, config);
				if (await service.staffEmailExists(email)) {
					console.error(`clinic: a staff account for ${email} exists already`);
					return 1;
				}
				const userId = await service.createStaffMember({ email, name, role: 'owner' });
				const token = await service.createSetupToken(userId);
				console.log(
					'Owner account created. Open this one-time link within 72 hours to set the password:'
				);
				console.log(`  ${new URL(`/admin/setup/${token}`, config.origin).href}`);
				return 0;
			}
			case 'summary': {
				const summary = await summarizeDatabase(database.db);
				console.log(`clinic: ${summary.clinicName ?? '(no clinic set up yet)'}`);
				console.log(
					`  patients ${summary.patients}, appointments ${summary.appointments}, audit events ${summary.auditEvents}`
				);
				console.log(`  newest booking made ${summary.lastBookedAt?.toString() ?? '(none)'}`);
				return 0;
			}
			default:
				console.error(`clinic: unknown command "${command}"\n\n${usage}`);
				return 1;
		}
	} finally {
		await database.close();
	}
}

/** The value after `--name` in `args`, or null. */
function optionValue(args: string[], name: string): string | null {
	const index = args.indexOf(name);
	const value = index >= 0 ? args[index + 1] : undefined;
	return value && !value.startsWith('--') ? value : null;
}
