import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';
import type { DialectName } from '../connection';
import { withId, type ClinicMigration } from './helpers';

/**
 * The audit log: who saw or changed what, when, from where. Append-only in the database
 * itself: updates, deletes (and on PostgreSQL truncation) are refused by triggers, so no code
 * path in the application can rewrite history.
 */
export const auditLog: ClinicMigration = {
	async up(db: Kysely<unknown>, dialect: DialectName) {
		const instant = dialect === 'postgres' ? 'timestamptz' : 'text';
		const required = (column: ColumnDefinitionBuilder) => column.notNull();
		await withId(db.schema.createTable('audit_event'), dialect)
			.addColumn('occurred_at', instant, required)
			// 'staff', 'patient' (a manage or booking link), 'api' or 'system'.
			.addColumn('actor_type', 'text', required)
			.addColumn('actor_id', 'text')
			.addColumn('actor_label', 'text', required)
			.addColumn('action', 'text', required)
			.addColumn('patient_id', 'integer', (c) => c.references('patient.id'))
			.addColumn('subject_type', 'text')
			.addColumn('subject_id', 'text')
			.addColumn('before_json', 'text')
			.addColumn('after_json', 'text')
			.addColumn('ip', 'text')
			.addColumn('request_id', 'text')
			.execute();
		await db.schema
			.createIndex('audit_event_time')
			.on('audit_event')
			.column('occurred_at')
			.execute();
		await db.schema
			.createIndex('audit_event_patient')
			.on('audit_event')
			.columns(['patient_id', 'occurred_at'])
			.execute();

		if (dialect === 'postgres') {
			await sql`
				create function refuse_audit_change() returns trigger language plpgsql as $$
				begin
					raise exception 'audit_log_is_append_only';
				end
				$$`.execute(db);
			await sql`
				create trigger audit_event_append_only before update or delete on audit_event
				for each row execute function refuse_audit_change()`.execute(db);
			await sql`
				create trigger audit_event_no_truncate before truncate on audit_event
				for each statement execute function refuse_audit_change()`.execute(db);
			return;
		}
		for (const event of ['update', 'delete']) {
			await sql
				.raw(
					`create trigger audit_event_no_${event} before ${event} on audit_event
					begin select raise(abort, 'audit_log_is_append_only'); end`
				)
				.execute(db);
		}
	}
};
