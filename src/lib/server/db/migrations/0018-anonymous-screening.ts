import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../connection';
import { withId, type ClinicMigration } from './helpers';

/*
 * Anonymous back pain checks (issue 12, ADR 0033). A check answered on the public website
 * before any booking is kept here, bounded and purged a day after it stops counting, instead
 * of in the append-only `red_flag_screening`: one address posting the check in a loop must not
 * be able to fill the database with rows nobody may delete. When a booking follows the check,
 * the booking's transaction moves it into `red_flag_screening`, where it becomes append-only.
 */
export const anonymousScreening: ClinicMigration = {
	async up(db: Kysely<unknown>, dialect: DialectName) {
		const instant = dialect === 'postgres' ? 'timestamptz' : 'text';
		await withId(db.schema.createTable('anonymous_screening'), dialect)
			// Hash of the token in the visitor's cookie; the token itself is never stored.
			.addColumn('token_hash', 'text', (c) => c.notNull().unique())
			.addColumn('outcome', 'text', (c) =>
				c.notNull().check(sql`outcome in ('emergency', 'same_day', 'within_days', 'none')`)
			)
			// Every question's answer, and exactly what the visitor was shown.
			.addColumn('answers_json', 'text', (c) => c.notNull())
			.addColumn('shown_json', 'text', (c) => c.notNull())
			.addColumn('screened_at', instant, (c) => c.notNull())
			.execute();
		// The purge deletes by age.
		await db.schema
			.createIndex('anonymous_screening_screened_at')
			.on('anonymous_screening')
			.column('screened_at')
			.execute();
	}
};
