import { Temporal } from 'temporal-polyfill';
import { ConfigError, loadConfig } from '../config';
import { connect } from '../db/connection';
import { migrateToLatest } from '../db/migrate';
import { issuePractitionerFeed } from '../services/practitioner-feed';

const usage = `Usage: npm run clinic -- <command>

Commands:
  feed-url <practitioner-slug>   issue a new secret calendar feed URL for a practitioner
                                 (the previous URL stops working)
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
			default:
				console.error(`clinic: unknown command "${command}"\n\n${usage}`);
				return 1;
		}
	} finally {
		await database.close();
	}
}
