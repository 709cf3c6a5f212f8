import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../connection';
import type { ClinicMigration } from './helpers';

/*
 * A booking proves nothing about who booked (issue 12, ADR 0029). An online booking always
 * makes a patient record of its own; when its name and email are those of an existing
 * patient it is `unconfirmed`, with that patient as its possible match, until the inbox is
 * proven or staff merge it or keep it apart. Merging never rewrites the append-only tables
 * (signatures, answers, screenings): the merged record points at the record it joined, and
 * reads of a patient's record include the records merged into it.
 *
 * The unique index on email and name goes: two records may now carry the same name and
 * email (an online booking waiting for a decision, or a namesake staff kept apart). A plain
 * index keeps the lookup fast.
 *
 * Existing rows are confirmed, as they were treated until now.
 */
export const patientIdentity: ClinicMigration = {
	async up(db: Kysely<unknown>, dialect: DialectName) {
		const instant = dialect === 'postgres' ? 'timestamptz' : 'text';
		await db.schema
			.alterTable('patient')
			.addColumn('identity_status', 'text', (c) =>
				c
					.notNull()
					.defaultTo('confirmed')
					.check(sql`identity_status in ('confirmed', 'unconfirmed')`)
			)
			.execute();
		await db.schema
			.alterTable('patient')
			.addColumn('possible_match_patient_id', 'integer', (c) => c.references('patient.id'))
			.execute();
		await db.schema
			.alterTable('patient')
			.addColumn('merged_into_patient_id', 'integer', (c) => c.references('patient.id'))
			.execute();
		// The last decision about this record's identity: a merge, keep apart, or an inbox proven.
		await db.schema
			.alterTable('patient')
			.addColumn('identity_decided_at', sql.raw(instant) as never)
			.execute();
		await db.schema.alterTable('patient').addColumn('identity_decided_by', 'text').execute();

		await db.schema.dropIndex('patient_email_name').execute();
		await db.schema
			.createIndex('patient_email_name_lookup')
			.on('patient')
			.columns(['email_normalized', 'name_normalized'])
			.execute();
		await db.schema
			.createIndex('patient_merged_into')
			.on('patient')
			.column('merged_into_patient_id')
			.execute();
		await db.schema
			.createIndex('patient_possible_match')
			.on('patient')
			.column('possible_match_patient_id')
			.execute();
	}
};
