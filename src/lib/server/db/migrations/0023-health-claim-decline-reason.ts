import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../connection';
import { makeAppendOnly, type ClinicMigration } from './helpers';

/*
 * A sixth reason to decline feedback for publishing: "makes a health claim we cannot support"
 * (issue 14, item 13; ADR 0040). The list of reasons is a CHECK on the append-only
 * `testimonial_moderation`, written out here as 0012 did, so this migration does not change
 * when the list in the domain changes again.
 *
 * PostgreSQL replaces the constraint (found by what it checks, as 0012 left it unnamed). SQLite cannot change a CHECK, so the table
 * is rebuilt with the same columns, rows, index and append-only triggers, inside one
 * transaction (dropping a table fires no delete trigger, and nothing references its rows).
 */
const reasons = sql.raw(
	"'other_person_details', 'abuse', 'spam_or_advertising', 'off_topic', 'patient_asked', 'unsupported_health_claim'"
);
const connection = sql.raw("'none', 'staff', 'staff_family', 'other'");

export const healthClaimDeclineReason: ClinicMigration = {
	async up(db: Kysely<unknown>, dialect: DialectName) {
		if (dialect === 'postgres') {
			// 0012 left the constraint to be named by PostgreSQL; find it by what it checks.
			const found = await sql<{ name: string }>`select conname as name from pg_constraint
				where conrelid = 'testimonial_moderation'::regclass and contype = 'c'
				and pg_get_constraintdef(oid) like '%patient_asked%'`.execute(db);
			for (const { name } of found.rows) {
				await sql`alter table testimonial_moderation drop constraint ${sql.id(name)}`.execute(db);
			}
			await sql`alter table testimonial_moderation add constraint testimonial_moderation_reason_check check ((decision = 'publish' and reason is null) or (decision = 'decline' and reason is not null and reason in (${reasons})))`.execute(
				db
			);
			return;
		}
		await db.transaction().execute(async (trx) => {
			await sql`create table testimonial_moderation_next (
				id integer primary key autoincrement not null,
				feedback_id integer not null references feedback(id),
				decision text not null check (decision in ('publish', 'decline')),
				reason text check ((decision = 'publish' and reason is null) or (decision = 'decline' and reason is not null and reason in (${reasons}))),
				note text,
				decided_by_id text not null,
				decided_by_name text not null,
				decided_at text not null,
				connection_kind text check (connection_kind is null or connection_kind in (${connection})),
				connection_text text
			)`.execute(trx);
			const columns = sql.raw(
				'id, feedback_id, decision, reason, note, decided_by_id, decided_by_name, decided_at, connection_kind, connection_text'
			);
			await sql`insert into testimonial_moderation_next (${columns}) select ${columns} from testimonial_moderation`.execute(
				trx
			);
			await sql`drop table testimonial_moderation`.execute(trx);
			await sql`alter table testimonial_moderation_next rename to testimonial_moderation`.execute(
				trx
			);
			await sql`create index testimonial_moderation_feedback on testimonial_moderation (feedback_id, decided_at)`.execute(
				trx
			);
			await makeAppendOnly(trx as Kysely<unknown>, dialect, 'testimonial_moderation');
		});
	}
};
