import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';
import type { DialectName } from '../connection';
import { withId, type ClinicMigration } from './helpers';

/*
 * Visit check-ins (issue 5). A kiosk token lets the front desk's tablet show one appointment's
 * check-in for 20 minutes, once: only its hash is kept, and `used_at` is filled when the
 * patient submits. And one check-in per appointment, held by the database as well as the
 * service: at most one link or kiosk answer per scale for an appointment (intake baselines
 * are not check-ins and are left out).
 */
export const kiosk: ClinicMigration = {
	async up(db: Kysely<unknown>, dialect: DialectName) {
		const instant = dialect === 'postgres' ? 'timestamptz' : 'text';
		const required = (column: ColumnDefinitionBuilder) => column.notNull();
		await withId(db.schema.createTable('kiosk_token'), dialect)
			.addColumn('appointment_id', 'integer', (c) => c.notNull().references('appointment.id'))
			.addColumn('token_hash', 'text', (c) => c.notNull().unique())
			.addColumn('created_by_id', 'text', required)
			.addColumn('created_by_name', 'text', required)
			.addColumn('created_at', instant, required)
			.addColumn('expires_at', instant, required)
			.addColumn('used_at', instant)
			.execute();
		await db.schema
			.createIndex('kiosk_token_appointment')
			.on('kiosk_token')
			.column('appointment_id')
			.execute();
		await db.schema
			.createIndex('outcome_response_one_check_in')
			.on('outcome_response')
			.columns(['appointment_id', 'scale'])
			.unique()
			.where(sql.ref('source'), 'in', ['link', 'kiosk'])
			.execute();
	}
};
