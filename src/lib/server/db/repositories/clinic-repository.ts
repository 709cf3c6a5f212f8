import type { Kysely } from 'kysely';
import type { Clinic, Location, Weekday } from '$lib/domain/clinic/types';
import type { Database } from '../schema';

/** The clinic's profile, or null before one is set up. */
export async function findClinic(db: Kysely<Database>): Promise<Clinic | null> {
	const row = await db.selectFrom('clinic').selectAll().orderBy('id').limit(1).executeTakeFirst();
	if (!row) return null;
	return {
		id: row.id,
		name: row.name,
		tagline: row.tagline,
		phone: row.phone,
		email: row.email,
		description: row.description,
		isDemo: row.is_demo === 1
	};
}

/** Every location with its opening hours, in the order they were added. */
export async function listLocations(db: Kysely<Database>): Promise<Location[]> {
	const [locations, hours] = await Promise.all([
		db.selectFrom('location').selectAll().orderBy('id').execute(),
		db.selectFrom('location_hours').selectAll().orderBy('weekday').orderBy('opens').execute()
	]);
	return locations.map((row) => ({
		id: row.id,
		slug: row.slug,
		name: row.name,
		street: row.street,
		city: row.city,
		region: row.region,
		postalCode: row.postal_code,
		country: row.country,
		timeZone: row.time_zone,
		phone: row.phone,
		directionsUrl: row.directions_url,
		directionsText: row.directions_text,
		hours: hours
			.filter((entry) => entry.location_id === row.id)
			.map((entry) => ({
				weekday: entry.weekday as Weekday,
				opens: entry.opens,
				closes: entry.closes
			}))
	}));
}

/** What the owner may change about the clinic's profile. */
export type ClinicProfileSettings = Omit<Clinic, 'id' | 'isDemo'>;

/** Saves the clinic's profile; returns whether the clinic exists. */
export async function saveClinicProfile(
	db: Kysely<Database>,
	id: number,
	profile: ClinicProfileSettings
): Promise<boolean> {
	const result = await db
		.updateTable('clinic')
		.set({
			name: profile.name,
			tagline: profile.tagline,
			phone: profile.phone,
			email: profile.email,
			description: profile.description
		})
		.where('id', '=', id)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) > 0;
}

/** What the owner may change about a location (its slug stays, as links use it). */
export type LocationSettings = Omit<Location, 'id' | 'slug' | 'hours'>;

/** Saves a location's details; returns whether it exists. */
export async function saveLocationDetails(
	db: Kysely<Database>,
	id: number,
	details: LocationSettings
): Promise<boolean> {
	const result = await db
		.updateTable('location')
		.set({
			name: details.name,
			street: details.street,
			city: details.city,
			region: details.region,
			postal_code: details.postalCode,
			country: details.country,
			time_zone: details.timeZone,
			phone: details.phone,
			directions_url: details.directionsUrl,
			directions_text: details.directionsText
		})
		.where('id', '=', id)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) > 0;
}

/** Every location's opening hours with their ids, by location, weekday and opening time. */
export async function listLocationHourRows(db: Kysely<Database>) {
	const rows = await db
		.selectFrom('location_hours')
		.select(['id', 'location_id', 'weekday', 'opens', 'closes'])
		.orderBy('location_id')
		.orderBy('weekday')
		.orderBy('opens')
		.execute();
	return rows.map((row) => ({
		id: row.id,
		locationId: row.location_id,
		weekday: row.weekday as Weekday,
		opens: row.opens,
		closes: row.closes
	}));
}

/** Adds one interval of a location's opening hours; returns its id. */
export async function insertLocationHours(
	db: Kysely<Database>,
	hours: { locationId: number; weekday: number; opens: string; closes: string }
): Promise<number> {
	const row = await db
		.insertInto('location_hours')
		.values({
			location_id: hours.locationId,
			weekday: hours.weekday,
			opens: hours.opens,
			closes: hours.closes
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

/** Removes one interval of opening hours; returns whether it existed. */
export async function deleteLocationHours(db: Kysely<Database>, id: number): Promise<boolean> {
	const result = await db.deleteFrom('location_hours').where('id', '=', id).executeTakeFirst();
	return Number(result.numDeletedRows) > 0;
}

/** Creates the clinic of a real (not demo) clinic, closed to online booking; returns its id. */
export async function insertClinic(
	db: Kysely<Database>,
	profile: ClinicProfileSettings
): Promise<number> {
	const row = await db
		.insertInto('clinic')
		.values({ ...profile, is_demo: 0, online_booking_open: 0 })
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

/** Whether patients may book online: null before a clinic exists (migration 0019). */
export async function findOnlineBookingOpen(db: Kysely<Database>): Promise<boolean | null> {
	const row = await db
		.selectFrom('clinic')
		.select('online_booking_open')
		.orderBy('id')
		.limit(1)
		.executeTakeFirst();
	return row ? row.online_booking_open === 1 : null;
}

/** Opens or closes online booking; returns whether the clinic exists. */
export async function saveOnlineBookingOpen(
	db: Kysely<Database>,
	id: number,
	open: boolean
): Promise<boolean> {
	const result = await db
		.updateTable('clinic')
		.set({ online_booking_open: open ? 1 : 0 })
		.where('id', '=', id)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) > 0;
}

/** Adds a location (without opening hours); returns its id. */
export async function insertLocation(
	db: Kysely<Database>,
	location: LocationSettings & { slug: string }
): Promise<number> {
	const row = await db
		.insertInto('location')
		.values({
			slug: location.slug,
			name: location.name,
			street: location.street,
			city: location.city,
			region: location.region,
			postal_code: location.postalCode,
			country: location.country,
			time_zone: location.timeZone,
			phone: location.phone,
			directions_url: location.directionsUrl,
			directions_text: location.directionsText
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

/** Every location's slug, to choose a new one that is free. */
export async function listLocationSlugs(db: Kysely<Database>): Promise<string[]> {
	const rows = await db.selectFrom('location').select('slug').execute();
	return rows.map((row) => row.slug);
}
