import { refusalWording } from '$lib/domain/scheduling/refusal-wording';
import type { Kysely } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import { fieldErrors } from '$lib/domain/booking/contact-details';
import { contactDetailsSchema } from '$lib/domain/booking/contact-details';
import { parseBookableInstant, parseCalendarDate } from '$lib/domain/booking/parse-time';
import type { OpenSlot } from '$lib/domain/scheduling';
import { zonedIsoFormatter } from '$lib/domain/scheduling/zoned-iso';
import { parseCleanJson } from '$lib/domain/text/clean-text';
import { findOnlineBookingOpen, listLocations } from '../db/repositories/clinic-repository';
import { listPractitioners } from '../db/repositories/practitioner-repository';
import { listServices } from '../db/repositories/service-repository';
import type { Database } from '../db/schema';
import { findAvailability } from './availability';
import { bookAppointment, findBookingReplay, type BookingInput } from './book-appointment';
import { withinRateLimit } from './rate-limit';

/*
 * The JSON API v1 (documented in docs/api.md and /api/v1/openapi.json). Each function
 * returns a status and a body; the routes only serialise them.
 */

export interface ApiResponse {
	status: number;
	body: unknown;
	headers?: Record<string, string>;
}

const invalid = (fields: Record<string, string>): ApiResponse => ({
	status: 422,
	body: { error: 'invalid', fields }
});

/** `GET /api/v1/services` */
export async function apiServices(db: Kysely<Database>): Promise<ApiResponse> {
	const services = await listServices(db);
	return {
		status: 200,
		body: {
			services: services.map((service) => ({
				id: service.id,
				slug: service.slug,
				name: service.name,
				durationMinutes: service.durationMinutes,
				priceCents: service.priceCents,
				bookableOnline: service.bookableOnline,
				newPatientsOnly: service.newPatientsOnly
			}))
		}
	};
}

/** `GET /api/v1/practitioners` */
export async function apiPractitioners(db: Kysely<Database>): Promise<ApiResponse> {
	const practitioners = await listPractitioners(db);
	return {
		status: 200,
		body: {
			practitioners: practitioners.map((practitioner) => ({
				id: practitioner.id,
				slug: practitioner.slug,
				name: practitioner.name,
				credentials: practitioner.credentials,
				title: practitioner.title,
				serviceIds: practitioner.serviceIds
			}))
		}
	};
}

/** `GET /api/v1/locations` */
export async function apiLocations(db: Kysely<Database>): Promise<ApiResponse> {
	const locations = await listLocations(db);
	return {
		status: 200,
		body: {
			locations: locations.map((location) => ({
				id: location.id,
				slug: location.slug,
				name: location.name,
				address: {
					street: location.street,
					city: location.city,
					region: location.region,
					postalCode: location.postalCode,
					country: location.country
				},
				timeZone: location.timeZone,
				phone: location.phone,
				openingHours: location.hours
			}))
		}
	};
}

const id = z.coerce
	.number({ error: 'must be a whole-number id' })
	.int('must be a whole-number id')
	.positive('must be a positive id');
const plainDate = z
	.string()
	.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
	.refine(
		(value) => parseCalendarDate(value) !== null,
		'must be a real calendar date between the years 2000 and 2199'
	);

const availabilityQuery = z.object({
	service: id,
	practitioner: z.union([z.literal('any'), id]).default('any'),
	location: id.optional(),
	from: plainDate.optional(),
	to: plainDate.optional()
});

/** Slots as JSON, times in the clinic's zone with their offsets. */
function slotsJson(slots: readonly OpenSlot[], timeZone: string) {
	if (slots.length === 0) return [];
	const starts = slots.map((slot) => slot.start.epochMilliseconds);
	const ends = slots.map((slot) => slot.end.epochMilliseconds);
	const format = zonedIsoFormatter(timeZone, Math.min(...starts), Math.max(...ends));
	return slots.map((slot, index) => ({
		start: format(starts[index] ?? 0),
		end: format(ends[index] ?? 0),
		practitionerId: slot.practitionerId,
		locationId: slot.locationId
	}));
}

/** `GET /api/v1/availability` */
export async function apiAvailability(
	db: Kysely<Database>,
	query: URLSearchParams,
	now: Temporal.Instant
): Promise<ApiResponse> {
	const raw = Object.fromEntries(
		['service', 'practitioner', 'location', 'from', 'to']
			.map((key) => [key, query.get(key) ?? undefined])
			.filter(([, value]) => value !== undefined && value !== '')
	);
	const parsed = availabilityQuery.safeParse(raw);
	if (!parsed.success) return invalid(fieldErrors(parsed.error));
	const locations = await listLocations(db);
	const zone =
		locations.find((entry) => entry.id === parsed.data.location)?.timeZone ??
		locations[0]?.timeZone ??
		'UTC';
	const from = parsed.data.from
		? Temporal.PlainDate.from(parsed.data.from)
		: now.toZonedDateTimeISO(zone).toPlainDate();
	const to = parsed.data.to ? Temporal.PlainDate.from(parsed.data.to) : from.add({ days: 6 });
	const result = await findAvailability(
		db,
		{
			serviceId: parsed.data.service,
			practitionerId: parsed.data.practitioner,
			locationId: parsed.data.location,
			from,
			to
		},
		now
	);
	if (!result.ok) {
		return {
			status: result.status,
			body:
				result.status === 404
					? { error: 'not_found', message: result.message }
					: { error: 'invalid', fields: { [result.field]: result.message } }
		};
	}
	return {
		status: 200,
		body: { timeZone: result.timeZone, slots: slotsJson(result.slots, result.timeZone) }
	};
}

const bookingBody = z.object({
	serviceId: z.number({ error: 'must be a service id' }).int().positive(),
	practitionerId: z.union([z.literal('any'), z.number().int().positive()]).optional(),
	locationId: z.number().int().positive().optional(),
	start: z
		.string({ error: 'must be a time as offered by availability' })
		.refine(
			(value) => parseBookableInstant(value) !== null,
			'must be an ISO 8601 time with an offset between the years 2000 and 2199, as offered by availability'
		),
	patient: z.object(
		{
			name: contactDetailsSchema.shape.name,
			email: contactDetailsSchema.shape.email,
			phone: contactDetailsSchema.shape.phone
		},
		{ error: 'must be an object with name, email and phone' }
	),
	newPatient: z.boolean({ error: 'must be true or false' }).default(true),
	note: z.string().trim().max(500, 'must be at most 500 characters').nullable().optional()
});

/** `POST /api/v1/bookings` */
export async function apiCreateBooking(
	db: Kysely<Database>,
	request: {
		rawBody: string;
		idempotencyKey: string | null;
		clientAddress: string;
		requestId?: string;
	},
	context: {
		now: Temporal.Instant;
		origin: URL;
		rateLimit: { limit: number; windowSeconds: number };
	}
): Promise<ApiResponse> {
	const key = request.idempotencyKey?.trim() ?? '';
	if (!/^[\x21-\x7e]{8,100}$/.test(key)) {
		return invalid({
			'Idempotency-Key': 'send a unique key of 8 to 100 visible characters with each new booking'
		});
	}
	let json: unknown;
	try {
		// Control characters and unpaired surrogates are removed from every string (cleanText).
		json = parseCleanJson(request.rawBody);
	} catch {
		return invalid({ body: 'must be a JSON object' });
	}
	const parsed = bookingBody.safeParse(json);
	if (!parsed.success) return invalid(fieldErrors(parsed.error));
	// A real clinic takes online bookings only once its owner has opened them (ADR 0034).
	if ((await findOnlineBookingOpen(db)) !== true) {
		return {
			status: 503,
			body: {
				error: 'booking_not_open',
				message: 'The clinic has not opened online booking yet; please call the clinic.'
			}
		};
	}
	const body = parsed.data;
	const input: BookingInput = {
		serviceId: body.serviceId,
		practitionerId: body.practitionerId ?? 'any',
		locationId: body.locationId,
		start: Temporal.Instant.from(body.start),
		patient: body.patient,
		newPatient: body.newPatient,
		note: body.note || null
	};
	// A retry of a booking already made answers what it answered, whatever the rate limit.
	let result = await findBookingReplay(db, key, input);
	if (!result) {
		const allowed = await withinRateLimit(db, `booking:${request.clientAddress}`, {
			...context.rateLimit,
			now: context.now
		});
		if (!allowed) {
			return {
				status: 429,
				body: { error: 'rate_limited', message: 'Too many booking requests; try again later.' },
				headers: { 'Retry-After': String(context.rateLimit.windowSeconds) }
			};
		}
		result = await bookAppointment(db, input, {
			now: context.now,
			origin: context.origin,
			source: 'api',
			idempotencyKey: key,
			request: { ip: request.clientAddress, requestId: request.requestId }
		});
	}
	switch (result.kind) {
		case 'booked':
			return {
				status: 201,
				body: result.body,
				headers: result.replayed ? { 'Idempotent-Replayed': 'true' } : {}
			};
		case 'invalid':
			return invalid(result.errors);
		case 'key_reused':
			return {
				status: 422,
				body: {
					error: 'idempotency_key_reused',
					message: 'This Idempotency-Key was used for a different request.'
				}
			};
		case 'slot_taken': {
			const locations = await listLocations(db);
			const zone = locations[0]?.timeZone ?? 'UTC';
			return {
				status: 409,
				body: {
					error: 'slot_taken',
					reason: result.reason,
					message: `${refusalWording(result.reason).title}.`,
					alternatives: slotsJson(result.alternatives, zone)
				}
			};
		}
	}
}
