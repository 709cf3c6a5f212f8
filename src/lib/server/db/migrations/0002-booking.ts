import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';
import type { DialectName } from '../connection';
import { withId, type ClinicMigration } from './helpers';

/*
 * Online booking: patients, appointments, the clinic's booking policy, time off, closures,
 * idempotency keys, the mail outbox and rate limits. Instants are `timestamptz` on PostgreSQL
 * and UTC text ('2027-03-14T08:00:00Z', always this exact shape so that text order is time
 * order) on SQLite.
 */
export const booking: ClinicMigration = {
	async up(db: Kysely<unknown>, dialect: DialectName) {
		const instant = dialect === 'postgres' ? 'timestamptz' : 'text';
		const required = (column: ColumnDefinitionBuilder) => column.notNull();

		const policy: [string, number][] = [
			['slot_step_minutes', 15],
			['minimum_notice_minutes', 120],
			['booking_window_days', 60],
			['cancellation_cutoff_hours', 24],
			['reminder_lead_hours', 24]
		];
		for (const [column, value] of policy) {
			await db.schema
				.alterTable('clinic')
				.addColumn(column, 'integer', (c) => c.notNull().defaultTo(value))
				.execute();
		}

		await withId(db.schema.createTable('time_off'), dialect)
			.addColumn('practitioner_id', 'integer', (c) =>
				c.notNull().references('practitioner.id').onDelete('cascade')
			)
			.addColumn('starts_at', instant, required)
			.addColumn('ends_at', instant, required)
			.addColumn('reason', 'text', required)
			.addCheckConstraint('time_off_span', sql`starts_at < ends_at`)
			.execute();

		await withId(db.schema.createTable('closure'), dialect)
			.addColumn('location_id', 'integer', (c) => c.references('location.id').onDelete('cascade'))
			.addColumn('starts_at', instant, required)
			.addColumn('ends_at', instant, required)
			.addColumn('reason', 'text', required)
			.addCheckConstraint('closure_span', sql`starts_at < ends_at`)
			.execute();

		await withId(db.schema.createTable('extra_hours'), dialect)
			.addColumn('practitioner_id', 'integer', (c) =>
				c.notNull().references('practitioner.id').onDelete('cascade')
			)
			.addColumn('location_id', 'integer', (c) =>
				c.notNull().references('location.id').onDelete('cascade')
			)
			.addColumn('date', 'text', required)
			.addColumn('start_time', 'text', required)
			.addColumn('end_time', 'text', required)
			.execute();

		await withId(db.schema.createTable('patient'), dialect)
			.addColumn('name', 'text', required)
			.addColumn('email', 'text', required)
			.addColumn('email_normalized', 'text', required)
			// Families often share one email, so a patient is an email and a name together.
			.addColumn('name_normalized', 'text', required)
			.addColumn('phone', 'text', required)
			.addColumn('created_at', instant, required)
			.execute();
		await db.schema
			.createIndex('patient_email_name')
			.on('patient')
			.columns(['email_normalized', 'name_normalized'])
			.unique()
			.execute();

		await withId(db.schema.createTable('appointment'), dialect)
			.addColumn('location_id', 'integer', (c) => c.notNull().references('location.id'))
			.addColumn('practitioner_id', 'integer', (c) => c.notNull().references('practitioner.id'))
			.addColumn('room_id', 'integer', (c) => c.references('room.id'))
			.addColumn('service_id', 'integer', (c) => c.notNull().references('service.id'))
			.addColumn('patient_id', 'integer', (c) => c.notNull().references('patient.id'))
			.addColumn('starts_at', instant, required)
			.addColumn('ends_at', instant, required)
			// The time the appointment holds, buffers included: what may not overlap.
			.addColumn('blocked_from', instant, required)
			.addColumn('blocked_until', instant, required)
			.addColumn('status', 'text', required)
			.addColumn('is_new_patient', 'integer', (c) => c.notNull().defaultTo(0))
			.addColumn('note', 'text')
			.addColumn('source', 'text', required)
			.addColumn('needs_review', 'integer', (c) => c.notNull().defaultTo(0))
			// RFC 5545 SEQUENCE of the calendar entry: raised on every reschedule and cancel.
			.addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0))
			.addColumn('manage_token_hash', 'text', (c) => c.notNull().unique())
			.addColumn('created_at', instant, required)
			.addColumn('updated_at', instant, required)
			.addColumn('cancelled_at', instant)
			.addColumn('cancel_reason', 'text')
			.addCheckConstraint('appointment_span', sql`starts_at < ends_at`)
			.addCheckConstraint(
				'appointment_blocked_span',
				sql`blocked_from <= starts_at and ends_at <= blocked_until`
			)
			.addCheckConstraint(
				'appointment_status',
				sql`status in ('booked', 'arrived', 'completed', 'no_show', 'cancelled')`
			)
			.execute();
		await db.schema
			.createIndex('appointment_practitioner_time')
			.on('appointment')
			.columns(['practitioner_id', 'blocked_from'])
			.execute();
		await db.schema
			.createIndex('appointment_time')
			.on('appointment')
			.columns(['blocked_from', 'blocked_until'])
			.execute();
		await refuseOverlaps(db, dialect);

		await db.schema
			.createTable('idempotency_key')
			.addColumn('key', 'text', (c) => c.primaryKey().notNull())
			.addColumn('request_hash', 'text', required)
			.addColumn('status_code', 'integer', required)
			.addColumn('response_json', 'text', required)
			.addColumn('created_at', instant, required)
			.execute();

		await withId(db.schema.createTable('outbox_message'), dialect)
			.addColumn('kind', 'text', required)
			.addColumn('appointment_id', 'integer', (c) =>
				c.references('appointment.id').onDelete('cascade')
			)
			// The appointment's sequence when the message was written: a stale reminder is dropped.
			.addColumn('appointment_sequence', 'integer')
			.addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
			.addColumn('recipient', 'text', required)
			.addColumn('payload_json', 'text', required)
			.addColumn('due_at', instant, required)
			.addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
			.addColumn('next_attempt_at', instant, required)
			.addColumn('claimed_until', instant)
			.addColumn('status', 'text', required)
			.addColumn('sent_at', instant)
			.addColumn('last_error', 'text')
			.addColumn('created_at', instant, required)
			.addCheckConstraint('outbox_status', sql`status in ('pending', 'sent', 'skipped', 'failed')`)
			.execute();
		await db.schema
			.createIndex('outbox_message_pending')
			.on('outbox_message')
			.columns(['status', 'next_attempt_at'])
			.execute();

		await withId(db.schema.createTable('rate_limit_event'), dialect)
			.addColumn('bucket', 'text', required)
			.addColumn('occurred_at', instant, required)
			.execute();
		await db.schema
			.createIndex('rate_limit_event_bucket')
			.on('rate_limit_event')
			.columns(['bucket', 'occurred_at'])
			.execute();

		await db.schema
			.createTable('practitioner_feed')
			.addColumn('practitioner_id', 'integer', (c) =>
				c.primaryKey().notNull().references('practitioner.id').onDelete('cascade')
			)
			.addColumn('token_hash', 'text', (c) => c.notNull().unique())
			.addColumn('created_at', instant, required)
			.execute();
	}
};

/**
 * The database itself refuses two live appointments that overlap (buffers included) for one
 * practitioner or one room, whatever the application checked before.
 */
async function refuseOverlaps(db: Kysely<unknown>, dialect: DialectName) {
	if (dialect === 'postgres') {
		await sql`create extension if not exists btree_gist`.execute(db);
		await sql`
			alter table appointment add constraint appointment_practitioner_no_overlap
			exclude using gist (
				practitioner_id with =,
				tstzrange(blocked_from, blocked_until, '[)') with &&
			) where (status <> 'cancelled')`.execute(db);
		await sql`
			alter table appointment add constraint appointment_room_no_overlap
			exclude using gist (
				room_id with =,
				tstzrange(blocked_from, blocked_until, '[)') with &&
			) where (status <> 'cancelled' and room_id is not null)`.execute(db);
		return;
	}
	const clash = (self: string) =>
		sql.raw(`
		select raise(abort, 'appointment_overlap') where exists (
			select 1 from appointment other
			where other.status <> 'cancelled' ${self}
			and (other.practitioner_id = new.practitioner_id
				or (new.room_id is not null and other.room_id = new.room_id))
			and other.blocked_from < new.blocked_until
			and new.blocked_from < other.blocked_until
		);`);
	await sql`
		create trigger appointment_no_overlap_insert before insert on appointment
		when new.status <> 'cancelled'
		begin ${clash('')} end`.execute(db);
	await sql`
		create trigger appointment_no_overlap_update
		before update of practitioner_id, room_id, blocked_from, blocked_until, status on appointment
		when new.status <> 'cancelled'
		begin ${clash('and other.id <> new.id')} end`.execute(db);
}
