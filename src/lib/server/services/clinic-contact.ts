import type { Kysely } from 'kysely';
import { displayPhone } from '$lib/domain/clinic/phone';
import type { ClinicContact } from '$lib/domain/booking/emails';
import { findClinic, listLocations } from '../db/repositories/clinic-repository';
import type { Database } from '../db/schema';

/** The clinic facts an appointment email or page shows, for the appointment's location. */
export async function loadClinicContact(
	db: Kysely<Database>,
	locationId?: number
): Promise<ClinicContact> {
	const [clinic, locations] = await Promise.all([findClinic(db), listLocations(db)]);
	const location = locations.find((entry) => entry.id === locationId) ?? locations[0];
	if (!clinic || !location) throw new Error('the clinic has not been set up yet');
	return {
		name: clinic.name,
		email: clinic.email,
		phone: displayPhone(location.phone || clinic.phone),
		address: `${location.street}, ${location.city}, ${location.region} ${location.postalCode}`,
		city: location.city,
		timeZone: location.timeZone
	};
}

/** The clinic's time zone and city for labelling times, or UTC before a location exists. */
export async function loadClinicZone(
	db: Kysely<Database>
): Promise<{ timeZone: string; city: string }> {
	const [location] = await listLocations(db);
	return location
		? { timeZone: location.timeZone, city: location.city }
		: { timeZone: 'UTC', city: 'UTC' };
}
