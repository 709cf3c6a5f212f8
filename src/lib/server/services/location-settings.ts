import type { Kysely } from 'kysely';
import {
	expandWeekdayChoice,
	formatWeeklyInterval,
	mondayToFriday,
	weekdayChoices
} from '$lib/domain/clinic/opening-hours';
import { displayPhone } from '$lib/domain/clinic/phone';
import type { Location, OpeningHours, Weekday } from '$lib/domain/clinic/types';
import { recordId } from '$lib/domain/settings/fields';
import {
	clashingOpeningHours,
	locationDetailsForm,
	openingHoursForm
} from '$lib/domain/settings/location';
import { timeZoneChangeRefusal } from '$lib/domain/settings/time-zone';
import { can } from '$lib/domain/staff/roles';
import { countUpcomingAppointments } from '../db/repositories/appointment-repository';
import {
	deleteLocationHours,
	insertLocationHours,
	listLocationHourRows,
	listLocations,
	saveLocationDetails,
	type LocationSettings
} from '../db/repositories/clinic-repository';
import { lockLocationSchedule } from '../db/repositories/schedule-repository';
import type { Database } from '../db/schema';
import type { StaffActor } from './audit';
import { newLocationTimeZone, timeZoneList } from './clinic-setup';
import { recordStaffChange } from './record-staff-change';
import { readOwnerForm, type SettingsContext, type SettingsResult } from './settings-result';
import type { Temporal } from 'temporal-polyfill';

const detailsOf = (location: Location): LocationSettings => ({
	name: location.name,
	street: location.street,
	city: location.city,
	region: location.region,
	postalCode: location.postalCode,
	country: location.country,
	timeZone: location.timeZone,
	phone: location.phone,
	directionsUrl: location.directionsUrl,
	directionsText: location.directionsText
});

const hoursText = (hours: OpeningHours) =>
	formatWeeklyInterval(hours.weekday, hours.opens, hours.closes);

const hoursOnly = (rows: readonly OpeningHours[]) =>
	rows.map(({ weekday, opens, closes }) => ({ weekday, opens, closes }));

/**
 * Every location with its details, opening hours and how many appointments are booked ahead
 * there (which keeps its time zone fixed), for the owner.
 */
export async function loadLocationSettings(
	db: Kysely<Database>,
	staff: StaffActor,
	now: Temporal.Instant
) {
	if (!can(staff, 'settings.manage')) return { kind: 'forbidden' as const };
	const [locations, hours] = await Promise.all([listLocations(db), listLocationHourRows(db)]);
	const upcoming = await Promise.all(
		locations.map((location) => countUpcomingAppointments(db, { locationId: location.id }, now))
	);
	return {
		kind: 'ok' as const,
		locations: locations.map((location, index) => ({
			id: location.id,
			details: { ...detailsOf(location), phone: displayPhone(location.phone) },
			upcomingAppointments: upcoming[index] ?? 0,
			hours: hours
				.filter((entry) => entry.locationId === location.id)
				.map((entry) => ({ id: entry.id, text: hoursText(entry) }))
		})),
		weekdays: [...weekdayChoices(), mondayToFriday],
		/** For the new-location form: every IANA zone, and the one it starts with. */
		timeZones: timeZoneList(),
		defaultTimeZone: newLocationTimeZone()
	};
}

/**
 * Saves a location's details. Its time zone changes only while nothing is booked ahead there;
 * the schedule lock keeps a booking from slipping in between the count and the change.
 */
export async function updateLocation(
	db: Kysely<Database>,
	input: Record<string, string>,
	staff: StaffActor,
	context: SettingsContext
): Promise<SettingsResult> {
	const parsed = readOwnerForm(staff, locationDetailsForm, input);
	if (!parsed.ok) return parsed.result;
	const { id, ...details } = parsed.data;
	return db.transaction().execute(async (trx): Promise<SettingsResult> => {
		await lockLocationSchedule(trx, id);
		const location = (await listLocations(trx)).find((entry) => entry.id === id);
		if (!location) return { kind: 'not_found' };
		if (location.timeZone !== details.timeZone) {
			const refusal = timeZoneChangeRefusal({
				from: location.timeZone,
				to: details.timeZone,
				upcomingAppointments: await countUpcomingAppointments(trx, { locationId: id }, context.now)
			});
			if (refusal) return { kind: 'invalid', errors: { timeZone: refusal } };
		}
		await saveLocationDetails(trx, id, details);
		await recordStaffChange(trx, staff, context, {
			action: 'settings.location',
			subject: { type: 'location', id },
			before: detailsOf(location),
			after: details
		});
		return { kind: 'saved' };
	});
}

/** Adds opening hours to a location; the public timetable shows them at once. */
export async function addLocationHours(
	db: Kysely<Database>,
	input: Record<string, string>,
	staff: StaffActor,
	context: SettingsContext
): Promise<SettingsResult> {
	// "Monday to Friday" adds the same interval to each of the five days, all or none.
	const candidates: OpeningHours[] = [];
	let locationId = 0;
	for (const weekday of expandWeekdayChoice(input.weekday ?? '')) {
		const parsed = readOwnerForm(staff, openingHoursForm, { ...input, weekday });
		if (!parsed.ok) return parsed.result;
		const { location, ...value } = parsed.data;
		locationId = location;
		candidates.push({ ...value, weekday: value.weekday as Weekday });
	}
	return db.transaction().execute(async (trx): Promise<SettingsResult> => {
		const locations = await listLocations(trx);
		if (!locations.some((entry) => entry.id === locationId)) return { kind: 'not_found' };
		const before = (await listLocationHourRows(trx)).filter(
			(entry) => entry.locationId === locationId
		);
		for (const candidate of candidates) {
			const clash = clashingOpeningHours(before, candidate);
			if (clash) {
				return {
					kind: 'invalid',
					errors: {
						opens: `These hours overlap or touch ${hoursText(clash)}. Remove those first, or choose other times.`
					}
				};
			}
		}
		const after: OpeningHours[] = [...before];
		for (const candidate of candidates) {
			const id = await insertLocationHours(trx, { locationId, ...candidate });
			const previous = hoursOnly(after);
			after.push(candidate);
			await recordStaffChange(trx, staff, context, {
				action: 'settings.location',
				subject: { type: 'location', id: locationId },
				before: { hours: previous },
				after: { hours: hoursOnly(after), added: { id, ...candidate } }
			});
		}
		return { kind: 'saved' };
	});
}

/** Removes one interval of a location's opening hours. */
export async function removeLocationHours(
	db: Kysely<Database>,
	input: Record<string, string>,
	staff: StaffActor,
	context: SettingsContext
): Promise<SettingsResult> {
	if (!can(staff, 'settings.manage')) return { kind: 'forbidden' };
	const parsed = recordId.safeParse(input.id);
	if (!parsed.success) return { kind: 'not_found' };
	const id = parsed.data;
	return db.transaction().execute(async (trx): Promise<SettingsResult> => {
		const rows = await listLocationHourRows(trx);
		const removed = rows.find((entry) => entry.id === id);
		if (!removed || !(await deleteLocationHours(trx, id))) return { kind: 'not_found' };
		const before = rows.filter((entry) => entry.locationId === removed.locationId);
		await recordStaffChange(trx, staff, context, {
			action: 'settings.location',
			subject: { type: 'location', id: removed.locationId },
			before: { hours: hoursOnly(before) },
			after: {
				hours: hoursOnly(before.filter((entry) => entry.id !== id)),
				removed: { id, ...hoursOnly([removed])[0] }
			}
		});
		return { kind: 'saved' };
	});
}
