import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { DialectName } from '../connection';
import type { ClinicMigration } from './helpers';

/*
 * Staff sign-in hardening (issue 12, ADR 0032):
 *
 * - `staff_totp_step`: the last TOTP time step (Unix time / 30 s) each account signed in with,
 *   beside better-auth's own tables (which we do not alter). A code is accepted only for a
 *   later step, so the same code cannot be used twice (ASVS 5.0 6.5.1).
 * - `clinic.practitioners_own_patients_only`: the owner's setting that practitioners read the
 *   clinical records of their own patients only (others through break-glass); off (0) by
 *   default, for a small clinic where practitioners cover each other.
 */
export const staffSignInHardening: ClinicMigration = {
	async up(db: Kysely<unknown>, _dialect: DialectName) {
		const required = (column: ColumnDefinitionBuilder) => column.notNull();
		await db.schema
			.createTable('staff_totp_step')
			.addColumn('user_id', 'text', (c) =>
				c.primaryKey().notNull().references('staff_user.id').onDelete('cascade')
			)
			// About 59 million in 2026: an integer holds it for the next two thousand years.
			.addColumn('last_step', 'integer', required)
			.execute();
		await db.schema
			.alterTable('clinic')
			.addColumn('practitioners_own_patients_only', 'integer', (c) => c.notNull().defaultTo(0))
			.execute();
	}
};
