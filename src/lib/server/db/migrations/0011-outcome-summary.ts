import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { DialectName } from '../connection';
import { withId, type ClinicMigration } from './helpers';

/*
 * The clinic outcome summary the owner publishes on the website (issue 5): a snapshot of the
 * report's counts, medians, limitations text and date, as JSON. Nothing in it identifies a
 * patient; who published it is in the audit log, not here. Taking a summary off the site fills
 * `withdrawn_at` (so is publishing a newer one); rows are never deleted, so what the site said
 * and when stays on record.
 */
export const outcomeSummary: ClinicMigration = {
	async up(db: Kysely<unknown>, dialect: DialectName) {
		const instant = dialect === 'postgres' ? 'timestamptz' : 'text';
		const required = (column: ColumnDefinitionBuilder) => column.notNull();
		await withId(db.schema.createTable('outcome_summary'), dialect)
			.addColumn('summary_json', 'text', required)
			// The clinic-local date the figures were computed, "2027-03-15".
			.addColumn('computed_on', 'text', required)
			.addColumn('included', 'integer', required)
			.addColumn('published_at', instant, required)
			.addColumn('withdrawn_at', instant)
			.execute();
		await db.schema
			.createIndex('outcome_summary_published')
			.on('outcome_summary')
			.columns(['withdrawn_at', 'published_at'])
			.execute();
	}
};
