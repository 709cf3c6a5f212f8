import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { DialectName } from '../connection';
import { withId, type ClinicMigration } from './helpers';

/**
 * Two things about staff access. Break-glass grants: an owner lets one staff member read
 * clinical records for a few hours; rows are never deleted, revoking early fills `revoked_at`.
 * And which practitioner a staff account is, so a practitioner's workspace opens on their day.
 */
export const staffAccess: ClinicMigration = {
	async up(db: Kysely<unknown>, dialect: DialectName) {
		const instant = dialect === 'postgres' ? 'timestamptz' : 'text';
		const required = (column: ColumnDefinitionBuilder) => column.notNull();
		await withId(db.schema.createTable('emergency_access'), dialect)
			.addColumn('staff_user_id', 'text', (c) =>
				c.notNull().references('staff_user.id').onDelete('cascade')
			)
			.addColumn('granted_by_id', 'text', required)
			.addColumn('granted_by_name', 'text', required)
			.addColumn('reason', 'text', required)
			.addColumn('starts_at', instant, required)
			.addColumn('ends_at', instant, required)
			.addColumn('revoked_at', instant)
			.addColumn('revoked_by_name', 'text')
			.execute();
		await db.schema
			.createIndex('emergency_access_by_staff')
			.on('emergency_access')
			.columns(['staff_user_id', 'ends_at'])
			.execute();
		await db.schema
			.createTable('staff_practitioner')
			.addColumn('user_id', 'text', (c) =>
				c.primaryKey().notNull().references('staff_user.id').onDelete('cascade')
			)
			.addColumn('practitioner_id', 'integer', (c) =>
				c.notNull().unique().references('practitioner.id').onDelete('cascade')
			)
			.execute();
	}
};
