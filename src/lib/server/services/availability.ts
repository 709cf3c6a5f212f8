import type { Kysely } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import {
	collapseToOnePerStart,
	findAlternativeSlots,
	findOpenSlots,
	type OpenSlot,
	type SchedulingInput
} from '$lib/domain/scheduling';
import { listLocations } from '../db/repositories/clinic-repository';
import { listPractitioners } from '../db/repositories/practitioner-repository';
import { loadClinicPolicy, loadSchedulingInput } from '../db/repositories/schedule-repository';
import { listServices } from '../db/repositories/service-repository';
import type { Database } from '../db/schema';

export interface AvailabilityQuery {
	serviceId: number;
	practitionerId: number | 'any';
	locationId?: number;
	from: Temporal.PlainDate;
	to: Temporal.PlainDate;
	/** For 'any': one slot per start time (the booking page) or every practitioner's (the API). */
	collapse?: boolean;
}

export type AvailabilityResult =
	| { ok: true; timeZone: string; slots: OpenSlot[] }
	| { ok: false; status: 404 | 422; field: string; message: string };

/** Longest range one request may ask for, to keep the work per request bounded. */
export const maxAvailabilityDays = 62;

/**
 * Open slots for a service between two dates in the clinic's zone. Only practitioners who
 * offer the service are considered, and only services that can be booked online unless staff
 * are asking (some services are booked by phone only).
 */
export async function findAvailability(
	db: Kysely<Database>,
	query: AvailabilityQuery,
	now: Temporal.Instant,
	options: { staff?: boolean } = {}
): Promise<AvailabilityResult> {
	const [services, practitioners, locations] = await Promise.all([
		listServices(db),
		listPractitioners(db),
		listLocations(db)
	]);
	const service = services.find(
		(entry) => entry.id === query.serviceId && (entry.bookableOnline || options.staff === true)
	);
	if (!service) return { ok: false, status: 404, field: 'service', message: 'No such service.' };
	const offering = practitioners
		.filter((practitioner) => practitioner.serviceIds.includes(service.id))
		.map((practitioner) => practitioner.id);
	if (query.practitionerId !== 'any' && !offering.includes(query.practitionerId)) {
		return {
			ok: false,
			status: 404,
			field: 'practitioner',
			message: 'That practitioner does not offer this service.'
		};
	}
	const location =
		query.locationId === undefined
			? locations[0]
			: locations.find((entry) => entry.id === query.locationId);
	if (!location) return { ok: false, status: 404, field: 'location', message: 'No such location.' };
	if (Temporal.PlainDate.compare(query.from, query.to) > 0) {
		return { ok: false, status: 422, field: 'to', message: '"to" must not be before "from".' };
	}
	if (query.from.until(query.to).days >= maxAvailabilityDays) {
		return {
			ok: false,
			status: 422,
			field: 'to',
			message: `Ask for at most ${maxAvailabilityDays} days at a time.`
		};
	}
	const input = await loadInputForDates(db, location.timeZone, query.from, query.to, now);
	const slots = findOpenSlots(input, {
		serviceId: service.id,
		practitionerId: query.practitionerId,
		locationId: location.id,
		from: query.from,
		to: query.to,
		practitionerIds: offering
	});
	return {
		ok: true,
		timeZone: location.timeZone,
		slots:
			query.collapse && query.practitionerId === 'any' ? collapseToOnePerStart(slots, input) : slots
	};
}

/** Loads the scheduling input covering whole local dates, with a day's margin for buffers. */
export function loadInputForDates(
	db: Kysely<Database>,
	timeZone: string,
	from: Temporal.PlainDate,
	to: Temporal.PlainDate,
	now: Temporal.Instant,
	excludeAppointmentId?: number
): Promise<SchedulingInput> {
	return loadSchedulingInput(
		db,
		{
			now,
			from: from.subtract({ days: 1 }).toZonedDateTime({ timeZone }).toInstant(),
			until: to.add({ days: 2 }).toZonedDateTime({ timeZone }).toInstant()
		},
		excludeAppointmentId
	);
}

/**
 * The nearest open times to a refused one, the same practitioner's first. A time outside the
 * bookable range (too soon, beyond the booking window) is searched from the nearest bookable
 * edge, so every refusal can offer something.
 */
export async function findAlternatives(
	db: Kysely<Database>,
	request: {
		serviceId: number;
		practitionerId: number | 'any';
		locationId: number;
		timeZone: string;
		start: Temporal.Instant;
		offering: readonly number[];
	},
	now: Temporal.Instant,
	excludeAppointmentId?: number
): Promise<OpenSlot[]> {
	const policy = await loadClinicPolicy(db);
	const earliest = now.add({ minutes: policy.minimumNoticeMinutes });
	const latest = now.add({ hours: 24 * policy.bookingWindowDays });
	let center = request.start;
	if (Temporal.Instant.compare(center, earliest) < 0) center = earliest;
	if (Temporal.Instant.compare(center, latest) > 0) center = latest;
	const date = center.toZonedDateTimeISO(request.timeZone).toPlainDate();
	const input = await loadInputForDates(
		db,
		request.timeZone,
		date.subtract({ days: 7 }),
		date.add({ days: 7 }),
		now,
		excludeAppointmentId
	);
	return findAlternativeSlots(input, {
		serviceId: request.serviceId,
		practitionerId: request.practitionerId,
		start: center,
		locationId: request.locationId,
		practitionerIds: request.offering
	});
}
