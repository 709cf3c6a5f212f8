import type { Kysely } from 'kysely';
import { loadConfig, type Config } from './config';
import { connect, type DatabaseHandle } from './db/connection';
import { migrateToLatest } from './db/migrate';
import type { Database } from './db/schema';
import { seedDemoClinicIfEmpty } from './db/seed/seed';
import { withStartupLock } from './db/startup-lock';
import { logger } from './logger';
import { startOutboxWorker, type OutboxWorker } from './mail/outbox-worker';
import { createMailTransport } from './mail/transport';
import { join } from 'node:path';
import { removePidFile, writePidFile } from './pid-file';
import { queueFeedbackInvitations } from './services/feedback-invitations';
import { housekeepingJobs } from './services/housekeeping-jobs';
import { retentionJobs } from './services/retention';
import { secureDataDir } from './data-dir';

/** How often completed visits are looked at for feedback invitations (ADR 0025). */
const feedbackInvitationIntervalMs = 10 * 60 * 1000;

/** What a running server holds: its configuration and its open database. */
export interface Runtime {
	config: Config;
	database: DatabaseHandle;
	/**
	 * Sends queued email and runs the periodic jobs (feedback invitations, the purges of
	 * rate-limit events and anonymous checks, the daily backup, retention); null when
	 * OUTBOX_WORKER=off (e.g. a web-only instance).
	 */
	outbox: OutboxWorker | null;
}

let current: Runtime | null = null;

/**
 * Starts the application once per process: validates the configuration, opens the database,
 * migrates it and, for an empty database in demo mode, seeds the demo clinic.
 */
export async function startRuntime(env: Record<string, string | undefined>): Promise<Runtime> {
	if (current) return current;
	const config = loadConfig(env);
	// Everything written under DATA_DIR is this user's only (ADR 0036).
	secureDataDir(config.dataDir);
	const database = connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
	try {
		// Several instances may start at once on one PostgreSQL database: one at a time here.
		await withStartupLock(database, async () => {
			await migrateToLatest(database);
			if (config.clinicDemo && (await seedDemoClinicIfEmpty(database.db))) {
				logger.info('seeded the demo clinic');
			}
		});
	} catch (error) {
		await database.close().catch(() => {});
		throw error;
	}
	logger.info({ dialect: database.dialect, origin: config.origin.origin }, 'database ready');
	let outbox: OutboxWorker | null = null;
	if (env.OUTBOX_WORKER !== 'off') {
		const transport = createMailTransport({
			smtpUrl: config.smtpUrl,
			mailDir: join(config.dataDir, 'mail')
		});
		outbox = startOutboxWorker(database.db, database.dialect, transport, {
			uidDomain: config.origin.hostname,
			jobs: [
				{
					name: 'feedback invitations',
					everyMs: feedbackInvitationIntervalMs,
					run: (now) => queueFeedbackInvitations(database.db, { now, origin: config.origin })
				},
				...housekeepingJobs(database.db, config),
				...retentionJobs(database.db, { dataDir: config.dataDir, dialect: database.dialect })
			]
		});
		logger.info({ transport: transport.description }, 'outbox worker started');
	}
	if (!config.databaseUrl) writePidFile(config.dataDir);
	current = { config, database, outbox };
	return current;
}

/** The running application. Throws if called before start-up finished. */
export function runtime(): Runtime {
	if (!current) throw new Error('the application has not started');
	return current;
}

/** The database of the running application. */
export function db(): Kysely<Database> {
	return runtime().database.db;
}

/** Closes the database; called once on shutdown. */
export async function stopRuntime(): Promise<void> {
	const stopping = current;
	current = null;
	await stopping?.outbox?.stop();
	await stopping?.database.close();
	if (stopping) removePidFile(stopping.config.dataDir);
}
