import type { ColumnDefinitionBuilder, CreateTableBuilder, Kysely } from 'kysely';
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
