import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';
import type { DialectName } from '../connection';
import type { ClinicMigration } from './helpers';

/*
 * Staff sign-in, in the tables better-auth reads and writes through its Kysely adapter
 * (src/lib/server/auth/config.ts maps its model and field names onto these). Written here
 * rather than by better-auth's own migrator so that both dialects get the same tables from the
 * same list, and a better-auth upgrade never changes the schema behind our back.
 *
 * Ids are better-auth's random text ids. Instants are `timestamptz` on PostgreSQL and ISO text
 * on SQLite (better-auth writes `toISOString()`, with milliseconds). Flags are `boolean` on
 * PostgreSQL and 0/1 integers on SQLite, because better-auth sends JavaScript booleans to a
 * PostgreSQL database and 0/1 to SQLite.
 */
export const staffAuth: ClinicMigration = {
	async up(db: Kysely<unknown>, dialect: DialectName) {
		const instant = dialect === 'postgres' ? 'timestamptz' : 'text';
		const flag = dialect === 'postgres' ? 'boolean' : 'integer';
		const required = (column: ColumnDefinitionBuilder) => column.notNull();
		const textId = (column: ColumnDefinitionBuilder) => column.primaryKey().notNull();
		const owner = (column: ColumnDefinitionBuilder) =>
			column.notNull().references('staff_user.id').onDelete('cascade');

		await db.schema
			.createTable('staff_user')
			.addColumn('id', 'text', textId)
			.addColumn('name', 'text', required)
			.addColumn('email', 'text', (c) => c.notNull().unique())
			.addColumn('email_verified', flag, required)
			.addColumn('image', 'text')
			.addColumn('role', 'text', required)
			.addColumn('two_factor_enabled', flag)
			.addColumn('created_at', instant, required)
			.addColumn('updated_at', instant, required)
			.addCheckConstraint('staff_user_role', sql`role in ('owner', 'practitioner', 'front_desk')`)
			.execute();

		await db.schema
			.createTable('staff_session')
			.addColumn('id', 'text', textId)
			.addColumn('user_id', 'text', owner)
			.addColumn('token', 'text', (c) => c.notNull().unique())
			.addColumn('expires_at', instant, required)
			.addColumn('ip_address', 'text')
			.addColumn('user_agent', 'text')
			.addColumn('created_at', instant, required)
			.addColumn('updated_at', instant, required)
			.execute();
		await db.schema
			.createIndex('staff_session_user')
			.on('staff_session')
			.column('user_id')
			.execute();

		// One row per way of signing in; ours is only ever provider 'credential' (the password).
		await db.schema
			.createTable('staff_account')
			.addColumn('id', 'text', textId)
			.addColumn('user_id', 'text', owner)
			.addColumn('account_id', 'text', required)
			.addColumn('provider_id', 'text', required)
			.addColumn('password', 'text')
			.addColumn('access_token', 'text')
			.addColumn('refresh_token', 'text')
			.addColumn('id_token', 'text')
			.addColumn('access_token_expires_at', instant)
			.addColumn('refresh_token_expires_at', instant)
			.addColumn('scope', 'text')
			.addColumn('created_at', instant, required)
			.addColumn('updated_at', instant, required)
			.execute();
		await db.schema
			.createIndex('staff_account_user')
			.on('staff_account')
			.column('user_id')
			.execute();

		// Short-lived tokens: the second-factor challenge, setup links, attempt counters.
		await db.schema
			.createTable('staff_verification')
			.addColumn('id', 'text', textId)
			.addColumn('identifier', 'text', required)
			.addColumn('value', 'text', required)
			.addColumn('expires_at', instant, required)
			.addColumn('created_at', instant, required)
			.addColumn('updated_at', instant, required)
			.execute();
		await db.schema
			.createIndex('staff_verification_identifier')
			.on('staff_verification')
			.column('identifier')
			.execute();

		// The TOTP secret and recovery codes, encrypted with the auth secret.
		await db.schema
			.createTable('staff_two_factor')
			.addColumn('id', 'text', textId)
			.addColumn('user_id', 'text', owner)
			.addColumn('secret', 'text', required)
			.addColumn('backup_codes', 'text', required)
			.addColumn('verified', flag)
			.addColumn('failed_verification_count', 'integer')
			.addColumn('locked_until', instant)
			.execute();
		await db.schema
			.createIndex('staff_two_factor_user')
			.on('staff_two_factor')
			.column('user_id')
			.execute();
	}
};
