import { randomBytes } from 'node:crypto';
import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import type { DialectName } from '../connection';
import { toDbInstant } from '../instant';
import { makeAppendOnly, withId, type ClinicMigration } from './helpers';

/*
 * Testimonials that are real (issue 6, ADR 0024): the clinic's invitation policy, invitations
 * and the feedback they bring, the authorization texts and signatures that allow publishing,
 * staff moderation decisions and revocations. Feedback, authorization versions, signatures,
 * decisions and revocations are append-only in the database: they are the record of who agreed to what
 * and why something was or was not published, kept six years. The old `testimonial` table
 * stays as it is for the public page until the pages move to these tables.
 */
export const testimonials: ClinicMigration = {
	async up(db: Kysely<unknown>, dialect: DialectName) {
		const instant = dialect === 'postgres' ? 'timestamptz' : 'text';
		const required = (column: ColumnDefinitionBuilder) => column.notNull();
		const patient = (c: ColumnDefinitionBuilder) => c.notNull().references('patient.id');

		// One row: which visits invite, the sample and its salt, and when invitations started.
		await withId(db.schema.createTable('feedback_invitation_policy'), dialect)
			.addColumn('singleton', 'integer', (c) =>
				c
					.notNull()
					.defaultTo(1)
					.unique()
					.check(sql`singleton = 1`)
			)
			// JSON array of completed-visit numbers, "[3]".
			.addColumn('after_visit_numbers_json', 'text', required)
			.addColumn('at_course_end', 'integer', (c) => c.notNull().check(sql`at_course_end in (0, 1)`))
			.addColumn('sample_percent', 'integer', (c) =>
				c.notNull().check(sql`sample_percent between 0 and 100`)
			)
			.addColumn('sample_salt', 'text', required)
			// Visits that ended before this are never invited (the seeded demo history among them).
			.addColumn('starts_at', instant, required)
			.addColumn('updated_at', instant, required)
			.execute();
		const now = toDbInstant(Temporal.Now.instant());
		await sql`insert into feedback_invitation_policy
			(singleton, after_visit_numbers_json, at_course_end, sample_percent, sample_salt, starts_at, updated_at)
			values (1, '[3]', 1, 100, ${randomBytes(16).toString('hex')}, ${now}, ${now})`.execute(db);

		await withId(db.schema.createTable('feedback_invitation'), dialect)
			.addColumn('token_hash', 'text', (c) => c.notNull().unique())
			.addColumn('patient_id', 'integer', patient)
			// Never two invitations for one appointment.
			.addColumn('appointment_id', 'integer', (c) =>
				c.notNull().unique().references('appointment.id')
			)
			.addColumn('reason', 'text', (c) =>
				c.notNull().check(sql`reason in ('visit_number', 'course_end')`)
			)
			.addColumn('visit_number', 'integer', required)
			.addColumn('created_at', instant, required)
			.addColumn('sent_at', instant)
			.addColumn('used_at', instant)
			.addColumn('expires_at', instant, required)
			.execute();
		await db.schema
			.createIndex('feedback_invitation_patient')
			.on('feedback_invitation')
			.columns(['patient_id', 'expires_at'])
			.execute();

		await withId(db.schema.createTable('feedback'), dialect)
			.addColumn('invitation_id', 'integer', (c) =>
				c.notNull().unique().references('feedback_invitation.id')
			)
			.addColumn('patient_id', 'integer', patient)
			.addColumn('rating', 'integer', (c) => c.notNull().check(sql`rating between 1 and 5`))
			.addColumn('words', 'text', required)
			.addColumn('condition_id', 'integer', (c) => c.references('condition.id'))
			.addColumn('created_at', instant, required)
			.execute();
		await makeAppendOnly(db, dialect, 'feedback');

		await withId(db.schema.createTable('testimonial_authorization_document'), dialect)
			.addColumn('version', 'integer', (c) => c.notNull().unique())
			.addColumn('title', 'text', required)
			// The elements (src/lib/domain/testimonials/authorization-document.ts) as a JSON object.
			.addColumn('elements_json', 'text', required)
			.addColumn('valid_for_years', 'integer', (c) =>
				c.notNull().check(sql`valid_for_years between 1 and 10`)
			)
			// SHA-256 of authorizationTextToHash(document).
			.addColumn('text_hash', 'text', required)
			.addColumn('created_at', instant, required)
			.addColumn('created_by_name', 'text', required)
			.execute();
		await makeAppendOnly(db, dialect, 'testimonial_authorization_document');

		await withId(db.schema.createTable('testimonial_authorization'), dialect)
			.addColumn('feedback_id', 'integer', (c) => c.notNull().references('feedback.id'))
			.addColumn('patient_id', 'integer', patient)
			.addColumn('document_id', 'integer', (c) =>
				c.notNull().references('testimonial_authorization_document.id')
			)
			.addColumn('text_hash', 'text', required)
			.addColumn('naming', 'text', (c) =>
				c.notNull().check(sql`naming in ('first_name_last_initial', 'initials', 'anonymous')`)
			)
			// The name as it will be shown, fixed when signed.
			.addColumn('display_name', 'text', required)
			.addColumn('connection_kind', 'text', (c) =>
				c.notNull().check(sql`connection_kind in ('none', 'staff', 'staff_family', 'other')`)
			)
			.addColumn('connection_text', 'text')
			.addColumn('typed_name', 'text', required)
			.addColumn('signed_at', instant, required)
			// The clinic-local last day in effect, "2030-03-14".
			.addColumn('expires_on', 'text', required)
			// Hash of the token in the confirmation email's revoke link.
			.addColumn('revoke_token_hash', 'text', (c) => c.notNull().unique())
			.addColumn('ip', 'text')
			.execute();
		await db.schema
			.createIndex('testimonial_authorization_feedback')
			.on('testimonial_authorization')
			.columns(['feedback_id', 'signed_at'])
			.execute();
		await makeAppendOnly(db, dialect, 'testimonial_authorization');

		// The fixed list of src/lib/domain/testimonials/moderation.ts, written out: a shipped
		// migration must not change when the list does (a new reason needs a new migration).
		const reasons = sql.raw(
			"'other_person_details', 'abuse', 'spam_or_advertising', 'off_topic', 'patient_asked'"
		);
		await withId(db.schema.createTable('testimonial_moderation'), dialect)
			.addColumn('feedback_id', 'integer', (c) => c.notNull().references('feedback.id'))
			.addColumn('decision', 'text', (c) =>
				c.notNull().check(sql`decision in ('publish', 'decline')`)
			)
			// A decline names one of the fixed reasons; publishing names none. No "negative" reason.
			.addColumn('reason', 'text', (c) =>
				c.check(
					sql`(decision = 'publish' and reason is null) or (decision = 'decline' and reason is not null and reason in (${reasons}))`
				)
			)
			.addColumn('note', 'text')
			.addColumn('decided_by_id', 'text', required)
			.addColumn('decided_by_name', 'text', required)
			.addColumn('decided_at', instant, required)
			.execute();
		await db.schema
			.createIndex('testimonial_moderation_feedback')
			.on('testimonial_moderation')
			.columns(['feedback_id', 'decided_at'])
			.execute();
		await makeAppendOnly(db, dialect, 'testimonial_moderation');

		await withId(db.schema.createTable('testimonial_revocation'), dialect)
			.addColumn('authorization_id', 'integer', (c) =>
				c.notNull().unique().references('testimonial_authorization.id')
			)
			.addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('link', 'staff')`))
			.addColumn('revoked_at', instant, required)
			.addColumn('ip', 'text')
			.execute();
		await makeAppendOnly(db, dialect, 'testimonial_revocation');
	}
};
