import type { Kysely } from 'kysely';
import type { Database } from '../schema';

/** A room as the owner's settings show it. */
export interface RoomRecord {
	id: number;
	locationId: number;
	name: string;
	kind: string;
	active: boolean;
}

/** Every room, retired ones included, by location and id. */
export async function listRooms(db: Kysely<Database>): Promise<RoomRecord[]> {
	const rows = await db
		.selectFrom('room')
		.select(['id', 'location_id', 'name', 'kind', 'active'])
		.orderBy('location_id')
		.orderBy('id')
		.execute();
	return rows.map((row) => ({
		id: row.id,
		locationId: row.location_id,
		name: row.name,
		kind: row.kind,
		active: row.active === 1
	}));
}

/** One room, or null. */
export async function findRoom(db: Kysely<Database>, id: number): Promise<RoomRecord | null> {
	return (await listRooms(db)).find((room) => room.id === id) ?? null;
}

/** The kinds of room the clinic uses: those services need and those rooms already have. */
export async function listRoomKinds(db: Kysely<Database>): Promise<string[]> {
	const [needed, held] = await Promise.all([
		db.selectFrom('service').select('room_kind').where('room_kind', 'is not', null).execute(),
		db.selectFrom('room').select('kind').execute()
	]);
	const kinds = new Set([
		...needed.map((row) => row.room_kind ?? ''),
		...held.map((row) => row.kind)
	]);
	kinds.delete('');
	return [...kinds].sort();
}

/** Adds an active room; returns its id. */
export async function insertRoom(
	db: Kysely<Database>,
	room: { locationId: number; name: string; kind: string }
): Promise<number> {
	const row = await db
		.insertInto('room')
		.values({ location_id: room.locationId, name: room.name, kind: room.kind, active: 1 })
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

/** Renames a room or changes its kind. */
export async function saveRoom(
	db: Kysely<Database>,
	id: number,
	room: { name: string; kind: string }
): Promise<void> {
	await db
		.updateTable('room')
		.set({ name: room.name, kind: room.kind })
		.where('id', '=', id)
		.execute();
}

/** Retires a room (no longer chosen for bookings) or brings it back. */
export async function setRoomActive(
	db: Kysely<Database>,
	id: number,
	active: boolean
): Promise<void> {
	await db
		.updateTable('room')
		.set({ active: active ? 1 : 0 })
		.where('id', '=', id)
		.execute();
}
