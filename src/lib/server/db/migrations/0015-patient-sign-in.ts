import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { DialectName } from '../connection';
import { withId, type ClinicMigration } from './helpers';

/*
 * The patient's sign-in by emailed one-time link (issue 12, ADR 0030). A link is good for 15
 * minutes and once: only its SHA-256 is kept, and `used_at` is filled by the one request that
 * uses it. A session is proof of control of one email address: only its token's hash is kept,
 * with when it was last used (30 idle minutes end it) and when it ends regardless. The unique
 * `sign_in_link_id` means one link can never start two sessions, whatever the application does.
 */
export const patientSignIn: ClinicMigration = {
	async up(db: Kysely<unknown>, dialect: DialectName) {
		const instant = dialect === 'postgres' ? 'timestamptz' : 'text';
		const required = (column: ColumnDefinitionBuilder) => column.notNull();
		await withId(db.schema.createTable('patient_sign_in_link'), dialect)
			.addColumn('token_hash', 'text', (c) => c.notNull().unique())
			.addColumn('email_normalized', 'text', required)
			.addColumn('created_at', instant, required)
			.addColumn('expires_at', instant, required)
			.addColumn('used_at', instant)
			.execute();
		await db.schema
			.createIndex('patient_sign_in_link_email')
			.on('patient_sign_in_link')
			.column('email_normalized')
			.execute();
		await withId(db.schema.createTable('patient_session'), dialect)
			.addColumn('token_hash', 'text', (c) => c.notNull().unique())
			.addColumn('email_normalized', 'text', required)
			.addColumn('sign_in_link_id', 'integer', (c) =>
				c.notNull().unique().references('patient_sign_in_link.id')
			)
			.addColumn('created_at', instant, required)
			.addColumn('last_seen_at', instant, required)
			.addColumn('expires_at', instant, required)
			.addColumn('ended_at', instant)
			.execute();
	}
};
