import type { Kysely } from 'kysely';
import type { Service } from '$lib/domain/clinic/types';
import type { Database } from '../schema';

/** Active services in display order. */
export async function listServices(db: Kysely<Database>): Promise<Service[]> {
	const rows = await db
		.selectFrom('service')
		.selectAll()
		.where('active', '=', 1)
		.orderBy('display_order')
		.orderBy('id')
		.execute();
	return rows.map((row) => ({
		id: row.id,
		slug: row.slug,
		name: row.name,
		summary: row.summary,
		durationMinutes: row.duration_minutes,
		bufferBeforeMinutes: row.buffer_before_minutes,
		bufferAfterMinutes: row.buffer_after_minutes,
		priceCents: row.price_cents,
		roomKind: row.room_kind,
		bookableOnline: row.bookable_online === 1,
		newPatientsOnly: row.new_patients_only === 1
	}));
}
