import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { DialectName } from '../connection';
import type { ClinicMigration } from './helpers';

/**
 * Deactivated staff accounts, kept beside better-auth's own tables (which we do not alter):
 * a row here means the account may not sign in, and its sessions were ended.
 */
export const staffDeactivation: ClinicMigration = {
	async up(db: Kysely<unknown>, dialect: DialectName) {
		const instant = dialect === 'postgres' ? 'timestamptz' : 'text';
		const required = (column: ColumnDefinitionBuilder) => column.notNull();
		await db.schema
			.createTable('staff_deactivation')
			.addColumn('user_id', 'text', (c) =>
				c.primaryKey().notNull().references('staff_user.id').onDelete('cascade')
			)
			.addColumn('deactivated_at', instant, required)
			.addColumn('deactivated_by', 'text', required)
			.execute();
	}
};
