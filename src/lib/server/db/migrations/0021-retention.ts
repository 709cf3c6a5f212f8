import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import type { DialectName } from '../connection';
import { toDbInstant } from '../instant';
import { withId, type ClinicMigration } from './helpers';

/*
 * Backups and retention (issue 13, ADR 0036):
 *
 * - `retention_policy`, one row: how many daily backups of the SQLite database are kept, and
 *   for how many days a sent (or skipped, or given-up) email is kept, as a row in the outbox
 *   and as a `.eml` file. The owner edits both; the defaults are 14 backups and 90 days.
 * - `backup_run`, one row per UTC day: the automatic backup of that day, claimed by the first
 *   instance that inserts the row (the day is unique), with how it went. The owner's page
 *   reads the last one from here.
 */
export const retention: ClinicMigration = {
	async up(db: Kysely<unknown>, dialect: DialectName) {
		const instant = dialect === 'postgres' ? 'timestamptz' : 'text';
		const required = (column: ColumnDefinitionBuilder) => column.notNull();

		await withId(db.schema.createTable('retention_policy'), dialect)
			.addColumn('singleton', 'integer', (c) =>
				c
					.notNull()
					.defaultTo(1)
					.unique()
					.check(sql`singleton = 1`)
			)
			.addColumn('daily_backups_kept', 'integer', (c) =>
				c.notNull().check(sql`daily_backups_kept between 1 and 365`)
			)
			.addColumn('sent_email_days', 'integer', (c) =>
				c.notNull().check(sql`sent_email_days between 7 and 3650`)
			)
			.addColumn('updated_at', instant, required)
			.execute();
		await sql`insert into retention_policy (singleton, daily_backups_kept, sent_email_days, updated_at)
			values (1, 14, 90, ${toDbInstant(Temporal.Now.instant())})`.execute(db);

		await withId(db.schema.createTable('backup_run'), dialect)
			// 'YYYY-MM-DD' in UTC: one automatic backup a day, whichever instance takes it.
			.addColumn('day', 'text', (c) => c.notNull().unique())
			.addColumn('status', 'text', (c) =>
				c.notNull().check(sql`status in ('running', 'succeeded', 'failed')`)
			)
			.addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(1))
			.addColumn('started_at', instant, required)
			.addColumn('finished_at', instant)
			// The backup's file name (in DATA_DIR/backups), never a full path.
			.addColumn('file', 'text')
			.addColumn('bytes', 'bigint')
			.addColumn('error', 'text')
			.execute();
	}
};
