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
