import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';
import type { DialectName } from '../connection';
import { makeAppendOnly, withId, type ClinicMigration } from './helpers';

/*
 * Before the first visit and after every visit (issue 5): red-flag screenings, intake forms,
 * consent documents and signatures, and outcome answers. Screenings, signatures, consent
 * versions and answers are append-only in the database: a correction is a new row. An intake
 * is a draft until submitted; after that, a change is a new intake.
 */
export const healthRecords: ClinicMigration = {
	async up(db: Kysely<unknown>, dialect: DialectName) {
		const instant = dialect === 'postgres' ? 'timestamptz' : 'text';
		const required = (column: ColumnDefinitionBuilder) => column.notNull();
		const patient = (c: ColumnDefinitionBuilder) => c.notNull().references('patient.id');

		await withId(db.schema.createTable('red_flag_screening'), dialect)
			// Hash of the token a public check leaves in the visitor's cookie, to link a booking.
			.addColumn('token_hash', 'text', (c) => c.unique())
			.addColumn('source', 'text', (c) =>
				c.notNull().check(sql`source in ('back_pain_check', 'intake', 'visit')`)
			)
			.addColumn('outcome', 'text', (c) =>
				c.notNull().check(sql`outcome in ('emergency', 'same_day', 'within_days', 'none')`)
			)
			// Every question's answer, and exactly what the patient was shown.
			.addColumn('answers_json', 'text', required)
			.addColumn('shown_json', 'text', required)
			.addColumn('screened_at', instant, required)
			.addColumn('patient_id', 'integer', (c) => c.references('patient.id'))
			.addColumn('appointment_id', 'integer', (c) => c.references('appointment.id'))
			.execute();
		await db.schema
			.createIndex('red_flag_screening_patient')
			.on('red_flag_screening')
			.columns(['patient_id', 'screened_at'])
			.execute();
		await makeAppendOnly(db, dialect, 'red_flag_screening');

		// The screening a booking followed, and the clinician's review of a flagged booking.
		await db.schema
			.alterTable('appointment')
			.addColumn('screening_id', 'integer', (c) => c.references('red_flag_screening.id'))
			.execute();
		await db.schema.alterTable('appointment').addColumn('reviewed_at', instant).execute();
		await db.schema.alterTable('appointment').addColumn('reviewed_by_name', 'text').execute();
		await db.schema.alterTable('appointment').addColumn('review_note', 'text').execute();

		await withId(db.schema.createTable('intake_form'), dialect)
			.addColumn('patient_id', 'integer', patient)
			.addColumn('appointment_id', 'integer', (c) => c.references('appointment.id'))
			// One JSON object per saved step, keyed by step id (src/lib/domain/intake).
			.addColumn('steps_json', 'text', (c) => c.notNull().defaultTo('{}'))
			.addColumn('started_at', instant, required)
			.addColumn('updated_at', instant, required)
			.addColumn('submitted_at', instant)
			.execute();
		await db.schema
			.createIndex('intake_form_patient')
			.on('intake_form')
			.columns(['patient_id', 'started_at'])
			.execute();

		await withId(db.schema.createTable('consent_document'), dialect)
			.addColumn('version', 'integer', (c) => c.notNull().unique())
			.addColumn('title', 'text', required)
			.addColumn('body_markdown', 'text', required)
			// SHA-256 of consentTextToHash(document): what a signature agreed to.
			.addColumn('text_hash', 'text', required)
			.addColumn('created_at', instant, required)
			.addColumn('created_by_name', 'text', required)
			.execute();
		await makeAppendOnly(db, dialect, 'consent_document');

		await withId(db.schema.createTable('consent_signature'), dialect)
			.addColumn('patient_id', 'integer', patient)
			.addColumn('appointment_id', 'integer', (c) => c.references('appointment.id'))
			.addColumn('document_id', 'integer', (c) => c.notNull().references('consent_document.id'))
			.addColumn('text_hash', 'text', required)
			.addColumn('typed_name', 'text', required)
			.addColumn('signed_at', instant, required)
			.addColumn('ip', 'text')
			.execute();
		await db.schema
			.createIndex('consent_signature_patient')
			.on('consent_signature')
			.columns(['patient_id', 'signed_at'])
			.execute();
		await makeAppendOnly(db, dialect, 'consent_signature');

		await withId(db.schema.createTable('outcome_response'), dialect)
			.addColumn('patient_id', 'integer', patient)
			.addColumn('appointment_id', 'integer', (c) => c.references('appointment.id'))
			.addColumn('scale', 'text', (c) => c.notNull().check(sql`scale in ('nprs', 'peg', 'psfs')`))
			// The score in tenths (PEG 4.3 is 43), so both databases store an exact integer.
			.addColumn('score_tenths', 'integer', (c) =>
				c.notNull().check(sql`score_tenths between 0 and 100`)
			)
			.addColumn('items_json', 'text', required)
			.addColumn('source', 'text', (c) =>
				c.notNull().check(sql`source in ('intake', 'link', 'kiosk')`)
			)
			.addColumn('answered_at', instant, required)
			.execute();
		await db.schema
			.createIndex('outcome_response_patient')
			.on('outcome_response')
			.columns(['patient_id', 'answered_at'])
			.execute();
		await makeAppendOnly(db, dialect, 'outcome_response');
	}
};
