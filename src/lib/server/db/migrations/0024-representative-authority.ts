import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../connection';
import type { ClinicMigration } from './helpers';

/*
 * A permission to publish feedback may be signed by a personal representative for the patient
 * (issue 14, item 12). HIPAA then asks for a description of their authority to act for the
 * patient (45 CFR 164.508(c)(1)(vi)), kept with the signature: null when the patient signed,
 * the authority as the representative stated it otherwise. One column, so "a representative
 * signed without an authority" cannot be stored at all. The table stays append-only: adding a
 * column keeps its triggers on both dialects.
 */
export const representativeAuthority: ClinicMigration = {
	async up(db: Kysely<unknown>, _dialect: DialectName) {
		await db.schema
			.alterTable('testimonial_authorization')
			.addColumn('representative_authority', 'text', (c) =>
				c.check(sql`representative_authority is null or length(trim(representative_authority)) > 0`)
			)
			.execute();
	}
};
