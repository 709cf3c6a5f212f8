import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../connection';
import { makeAppendOnly, withId, type ClinicMigration } from './helpers';

/*
 * A practitioner's record that a doctor has seen a known red-flag finding (issue 14, item 2):
 * a later health form's "yes" to the same question then does not flag the visit again; only a
 * change ("since your last visit") does. Append-only: a clearance is a clinical statement
 * made at a time by a person, never edited.
 */
export const redFlagClearances: ClinicMigration = {
	async up(db: Kysely<unknown>, dialect: DialectName) {
		const instant = dialect === 'postgres' ? 'timestamptz' : 'text';
		await withId(db.schema.createTable('red_flag_clearance'), dialect)
			.addColumn('patient_id', 'integer', (c) => c.notNull().references('patient.id'))
			.addColumn('question_id', 'text', (c) => c.notNull())
			.addColumn('appointment_id', 'integer', (c) => c.references('appointment.id'))
			.addColumn('note', 'text', (c) => c.notNull())
			.addColumn('cleared_by_id', 'text', (c) => c.notNull())
			.addColumn('cleared_by_name', 'text', (c) => c.notNull())
			.addColumn('cleared_at', sql.raw(instant) as never, (c) => c.notNull())
			.execute();
		await db.schema
			.createIndex('red_flag_clearance_patient')
			.on('red_flag_clearance')
			.column('patient_id')
			.execute();
		await makeAppendOnly(db, dialect, 'red_flag_clearance');
	}
};
