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

/** What staff may change about a service. */
export interface ServiceSettings {
	name: string;
	summary: string;
	durationMinutes: number;
	bufferBeforeMinutes: number;
	bufferAfterMinutes: number;
	priceCents: number;
	roomKind: string | null;
	bookableOnline: boolean;
	newPatientsOnly: boolean;
}

/** Saves a service's settings; existing appointments keep the time they hold. */
export async function saveServiceSettings(
	db: Kysely<Database>,
	id: number,
	settings: ServiceSettings
): Promise<boolean> {
	const result = await db
		.updateTable('service')
		.set({
			name: settings.name,
			summary: settings.summary,
			duration_minutes: settings.durationMinutes,
			buffer_before_minutes: settings.bufferBeforeMinutes,
			buffer_after_minutes: settings.bufferAfterMinutes,
			price_cents: settings.priceCents,
			room_kind: settings.roomKind,
			bookable_online: settings.bookableOnline ? 1 : 0,
			new_patients_only: settings.newPatientsOnly ? 1 : 0
		})
		.where('id', '=', id)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) > 0;
}

/** Adds an active service after the others; returns its id. */
export async function insertService(
	db: Kysely<Database>,
	service: ServiceSettings & { slug: string }
): Promise<number> {
	const last = await db
		.selectFrom('service')
		.select((eb) => eb.fn.max('display_order').as('last'))
		.executeTakeFirst();
	const row = await db
		.insertInto('service')
		.values({
			slug: service.slug,
			name: service.name,
			summary: service.summary,
			duration_minutes: service.durationMinutes,
			buffer_before_minutes: service.bufferBeforeMinutes,
			buffer_after_minutes: service.bufferAfterMinutes,
			price_cents: service.priceCents,
			room_kind: service.roomKind,
			bookable_online: service.bookableOnline ? 1 : 0,
			new_patients_only: service.newPatientsOnly ? 1 : 0,
			display_order: Number(last?.last ?? 0) + 1,
			active: 1
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

/** Every service's slug, retired ones included, to choose a new one that is free. */
export async function listServiceSlugs(db: Kysely<Database>): Promise<string[]> {
	const rows = await db.selectFrom('service').select('slug').execute();
	return rows.map((row) => row.slug);
}
