import type { Kysely } from 'kysely';
import type { ClinicMigration } from './helpers';

/**
 * Rooms can be retired instead of deleted: appointments keep pointing at the rooms they were
 * held in, and only active rooms are chosen for new bookings. Every existing room stays active.
 */
export const roomsAndProfiles: ClinicMigration = {
	async up(db: Kysely<unknown>) {
		await db.schema
			.alterTable('room')
			.addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
			.execute();
	}
};
