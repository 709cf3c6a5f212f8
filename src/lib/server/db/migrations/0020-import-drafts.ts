import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';
import type { DialectName } from '../connection';
import type { ClinicMigration } from './helpers';

/*
 * Moving in from another system (issue 13, ADR 0035). An uploaded CSV file is kept between its
 * preview and the owner's confirmation as an `import_draft`: the parsed rows sealed with
 * AES-256-GCM under a key that is never stored (it travels in the owner's form), for an hour at
 * most. Once imported, abandoned or expired, the row is deleted.
 */
export const importDrafts: ClinicMigration = {
	async up(db: Kysely<unknown>, dialect: DialectName) {
		const instant = dialect === 'postgres' ? 'timestamptz' : 'text';
		const required = (column: ColumnDefinitionBuilder) => column.notNull();
		await db.schema
			.createTable('import_draft')
			.addColumn('id', 'text', (c) => c.primaryKey().notNull())
			.addColumn('staff_user_id', 'text', required)
			.addColumn('kind', 'text', (c) =>
				c.notNull().check(sql`kind in ('patients', 'appointments')`)
			)
			.addColumn('row_count', 'integer', required)
			.addColumn('sealed', 'text', required)
			.addColumn('created_at', instant, required)
			.addColumn('expires_at', instant, required)
			.execute();
		await db.schema
			.createIndex('import_draft_expires')
			.on('import_draft')
			.column('expires_at')
			.execute();
	}
};
