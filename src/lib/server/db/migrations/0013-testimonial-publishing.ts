import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../connection';
import type { ClinicMigration } from './helpers';

/*
 * Publishing testimonials (issue 6, ADR 0025), on top of migration 0012:
 *
 * - Testimonials from before this system, entered by staff from a signed paper authorization,
 *   live in the old `testimonial` table beside the demo samples (`source = 'legacy'`), with who
 *   attested that the authorization is on file and when, the day it was signed, the last day
 *   it is in effect, any connection to the clinic, and, when taken down, when, by whom and why.
 * - A moderation decision to publish may add a connection to the clinic that staff know of and
 *   the patient did not declare (a family member of staff, say): it is then shown instead.
 * - A feedback has at most one authorization.
 */
export const testimonialPublishing: ClinicMigration = {
	async up(db: Kysely<unknown>, dialect: DialectName) {
		const instant = dialect === 'postgres' ? 'timestamptz' : 'text';
		const connection = sql.raw("'none', 'staff', 'staff_family', 'other'");

		const legacyColumns: [string, string][] = [
			['attested_by_id', 'text'],
			['attested_by_name', 'text'],
			['attested_at', instant],
			// Clinic-local dates, "2025-06-01".
			['authorization_signed_on', 'text'],
			['expires_on', 'text'],
			['connection_text', 'text'],
			['withdrawn_at', instant],
			['withdrawn_by_name', 'text'],
			['withdrawn_reason', 'text']
		];
		for (const [name, type] of legacyColumns) {
			await db.schema
				.alterTable('testimonial')
				.addColumn(name, sql.raw(type) as never)
				.execute();
		}
		await db.schema
			.alterTable('testimonial')
			.addColumn('connection_kind', 'text', (c) =>
				c.check(sql`connection_kind is null or connection_kind in (${connection})`)
			)
			.execute();

		await db.schema
			.alterTable('testimonial_moderation')
			.addColumn('connection_kind', 'text', (c) =>
				c.check(sql`connection_kind is null or connection_kind in (${connection})`)
			)
			.execute();
		await db.schema
			.alterTable('testimonial_moderation')
			.addColumn('connection_text', 'text')
			.execute();

		// One authorization per feedback: a second click on "sign" cannot leave two, and after a
		// revocation the words are not published again without talking to the clinic.
		await db.schema
			.createIndex('testimonial_authorization_one_per_feedback')
			.on('testimonial_authorization')
			.column('feedback_id')
			.unique()
			.execute();
	}
};
