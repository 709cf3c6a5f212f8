import { sql, type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely } from 'kysely';
import type { DialectName } from '../connection';

/** One schema change, written once for both dialects. */
export interface ClinicMigration {
	up(db: Kysely<unknown>, dialect: DialectName): Promise<void>;
}

/** Adds an integer surrogate key that each dialect generates its own way. */
export function withId<T extends string>(
	table: CreateTableBuilder<T, never>,
	dialect: DialectName
): CreateTableBuilder<T, 'id'> {
	return table.addColumn('id', 'integer', (column: ColumnDefinitionBuilder) =>
		dialect === 'postgres'
			? column.primaryKey().generatedByDefaultAsIdentity()
			: column.primaryKey().autoIncrement().notNull()
	);
}

/**
 * Makes a table append-only in the database itself: updates and deletes are refused whatever
 * the application does (signed forms and answers are amended by adding, never by changing).
 */
export async function makeAppendOnly(
	db: Kysely<unknown>,
	dialect: DialectName,
	table: string,
	message = `${table}_is_append_only`
): Promise<void> {
	if (dialect === 'postgres') {
		await sql
			.raw(
				`create function refuse_${table}_change() returns trigger language plpgsql as $$
				begin raise exception '${message}'; end $$`
			)
			.execute(db);
		await sql
			.raw(
				`create trigger ${table}_append_only before update or delete on ${table}
				for each row execute function refuse_${table}_change()`
			)
			.execute(db);
		await sql
			.raw(
				`create trigger ${table}_no_truncate before truncate on ${table}
				for each statement execute function refuse_${table}_change()`
			)
			.execute(db);
		return;
	}
	for (const event of ['update', 'delete']) {
		await sql
			.raw(
				`create trigger ${table}_no_${event} before ${event} on ${table}
				begin select raise(abort, '${message}'); end`
			)
			.execute(db);
	}
}
