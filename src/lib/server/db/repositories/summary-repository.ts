import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { fromDbInstantOrNull } from '../instant';
import type { Database } from '../schema';

/** What a database holds, in counts: enough to tell a restored backup is the one expected. */
export interface DatabaseSummary {
	clinicName: string | null;
	patients: number;
	appointments: number;
	auditEvents: number;
	/** When the newest appointment was booked, or null without any. */
	lastBookedAt: Temporal.Instant | null;
}

/** Counts the records of a clinic database (no names, no health data). */
export async function summarizeDatabase(db: Kysely<Database>): Promise<DatabaseSummary> {
	const count = async (table: 'patient' | 'appointment' | 'audit_event') => {
		const row = await db
			.selectFrom(table)
			.select((eb) => eb.fn.countAll<number>().as('count'))
			.executeTakeFirstOrThrow();
		return Number(row.count);
	};
	const clinic = await db.selectFrom('clinic').select('name').executeTakeFirst();
	const last = await db
		.selectFrom('appointment')
		.select((eb) => eb.fn.max('created_at').as('at'))
		.executeTakeFirst();
	return {
		clinicName: clinic?.name ?? null,
		patients: await count('patient'),
		appointments: await count('appointment'),
		auditEvents: await count('audit_event'),
		lastBookedAt: fromDbInstantOrNull((last?.at as string | Date | null | undefined) ?? null)
	};
}
