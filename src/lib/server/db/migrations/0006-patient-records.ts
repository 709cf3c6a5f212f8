import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';
import type { DialectName } from '../connection';
import { makeAppendOnly, withId, type ClinicMigration } from './helpers';

/*
 * Patient records are amended, never overwritten (ADR 0016): `patient` holds the current
 * contact details and communication preferences with a version number for optimistic
 * concurrency, and `patient_version` keeps every version as it was, append-only in the
 * database itself like the audit log.
 *
 * Nothing is backfilled. A patient nobody has edited is still at version 1, exactly as booked
 * (bookings never overwrite an existing patient), so the first edit writes version 1 from the
 * row as it stood, then version 2. This keeps the booking transaction and this migration free
 * of history writes, and adds no row for the many patients whose details never change.
 *
 * Flags are 0/1 integers on both dialects, like the other clinic tables.
 */
export const patientRecords: ClinicMigration = {
	async up(db: Kysely<unknown>, dialect: DialectName) {
		const instant = dialect === 'postgres' ? 'timestamptz' : 'text';
		const required = (column: ColumnDefinitionBuilder) => column.notNull();

		await db.schema
			.alterTable('patient')
			.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
			.execute();
		await db.schema
			.alterTable('patient')
			.addColumn('reminder_email', 'integer', (c) => c.notNull().defaultTo(1))
			.execute();
		await db.schema
			.alterTable('patient')
			.addColumn('preferred_contact', 'text', (c) =>
				c
					.notNull()
					.defaultTo('either')
					.check(sql`preferred_contact in ('email', 'phone', 'either')`)
			)
			.execute();
		// Off by default: a voicemail can tell whoever hears it that the patient visits a clinic.
		await db.schema
			.alterTable('patient')
			.addColumn('may_leave_voicemail', 'integer', (c) => c.notNull().defaultTo(0))
			.execute();
		// For the front desk ("call after 5pm"); never clinical.
		await db.schema.alterTable('patient').addColumn('contact_note', 'text').execute();

		await withId(db.schema.createTable('patient_version'), dialect)
			.addColumn('patient_id', 'integer', (c) => c.notNull().references('patient.id'))
			.addColumn('version', 'integer', required)
			.addColumn('name', 'text', required)
			.addColumn('email', 'text', required)
			.addColumn('phone', 'text', required)
			.addColumn('reminder_email', 'integer', required)
			.addColumn('preferred_contact', 'text', required)
			.addColumn('may_leave_voicemail', 'integer', required)
			.addColumn('contact_note', 'text')
			.addColumn('changed_at', instant, required)
			// The staff account's id, or null for the version written as booked.
			.addColumn('changed_by_id', 'text')
			.addColumn('changed_by_label', 'text', required)
			// What kind of change made this version: 'as booked', 'contact details edited', ...
			.addColumn('reason', 'text', required)
			.execute();
		await db.schema
			.createIndex('patient_version_number')
			.on('patient_version')
			.columns(['patient_id', 'version'])
			.unique()
			.execute();

		await makeAppendOnly(db, dialect, 'patient_version', 'patient_history_is_append_only');
	}
};
