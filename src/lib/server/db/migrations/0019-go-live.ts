import { sql, type Kysely } from 'kysely';
import type { ClinicMigration } from './helpers';

/*
 * A real clinic goes live (issue 13, ADR 0034):
 *
 * - `clinic.online_booking_open`: the owner's "Open online booking" switch. Until it is on, the
 *   public site shows an "opening soon" page and online booking is refused. A clinic that
 *   already existed before this migration was already taking bookings, so it stays open.
 * - `practitioner.licence_number` (required for a new practitioner, empty for older rows) and
 *   `practitioner.npi` (the optional US National Provider Identifier, ten digits).
 */
export const goLive: ClinicMigration = {
	async up(db: Kysely<unknown>) {
		await db.schema
			.alterTable('clinic')
			.addColumn('online_booking_open', 'integer', (c) => c.notNull().defaultTo(0))
			.execute();
		await sql`update clinic set online_booking_open = 1`.execute(db);
		await db.schema
			.alterTable('practitioner')
			.addColumn('licence_number', 'text', (c) => c.notNull().defaultTo(''))
			.execute();
		await db.schema.alterTable('practitioner').addColumn('npi', 'text').execute();
	}
};
