import { refusalWording, type RefusalWording } from '$lib/domain/scheduling/refusal-wording';
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import { contactDetailsSchema, fieldErrors } from '$lib/domain/booking/contact-details';
import { parseBookableInstant } from '$lib/domain/booking/parse-time';
import type { BookingGate } from '$lib/domain/intake/screening-and-booking';
import { listLocations } from '../db/repositories/clinic-repository';
import { listPractitioners } from '../db/repositories/practitioner-repository';
import { listServices } from '../db/repositories/service-repository';
import type { Database } from '../db/schema';
import {
	bookAppointment,
	findBookingReplay,
	type BookedAppointmentBody,
	type BookingInput
} from './book-appointment';
import { describeAlternatives, type AlternativeChoice } from './choose-slot';
import { withinRateLimit } from './rate-limit';
import type { CheckGate } from './screening-before-booking';

/** The booking form's fields as posted; every value is a string or missing. */
export type BookingFormData = Record<string, string | undefined>;

/** What the form shows back: the visitor's own entries, never anything else. */
export interface BookingFormValues {
	service: string;
	practitioner: string;
	start: string;
	name: string;
	email: string;
	phone: string;
	newPatient: string;
	note: string;
}

const selectionSchema = z.object({
	service: z.string().regex(/^[a-z0-9-]{1,80}$/, 'Please choose a service.'),
	practitioner: z.string().regex(/^[a-z0-9-]{1,80}$/, 'Please choose a practitioner.'),
	start: z.string().refine((value) => parseBookableInstant(value) !== null, 'Please choose a time.')
});

function valuesOf(form: BookingFormData): BookingFormValues {
	const text = (key: string, max: number) => (form[key] ?? '').slice(0, max);
	return {
		service: text('service', 80),
		practitioner: text('practitioner', 80),
		start: text('start', 40),
		name: text('name', 200),
		email: text('email', 300),
		phone: text('phone', 40),
		newPatient: text('newPatient', 3),
		note: text('note', 600)
	};
}

/** People never see the "website" field; software that fills in every field does. */
function isHoneypotFilled(form: BookingFormData): boolean {
	return (form.website ?? '').trim() !== '';
}

function parse(form: BookingFormData) {
	const values = valuesOf(form);
	const selection = selectionSchema.safeParse(values);
	const contact = contactDetailsSchema.safeParse({
		name: values.name,
		email: values.email,
		phone: values.phone,
		newPatient: values.newPatient === 'yes' ? true : values.newPatient === 'no' ? false : undefined,
		note: values.note
	});
	const errors = {
		...(selection.success ? {} : fieldErrors(selection.error)),
		...(contact.success ? {} : fieldErrors(contact.error))
	};
	if (!selection.success || !contact.success) return { ok: false as const, values, errors };
	return { ok: true as const, values, selection: selection.data, contact: contact.data };
}

/**
 * Checks the details step. On success the review step gets a fresh idempotency key, so
 * confirming twice (a double click, a resubmitted page) books once.
 */
export function reviewBooking(form: BookingFormData, gate: BookingGate = { kind: 'no_check' }) {
	// An emergency answer in this browser closes online booking (ADR 0019).
	if (gate.kind === 'emergency') return { ok: false as const, emergency: true as const };
	if (isHoneypotFilled(form)) return { ok: false as const, refused: true as const };
	const parsed = parse(form);
	if (!parsed.ok) return parsed;
	return { ok: true as const, values: parsed.values, idempotencyKey: randomUUID() };
}

export type ConfirmResult =
	| { kind: 'booked'; body: BookedAppointmentBody }
	| { kind: 'invalid'; values: BookingFormValues; errors: Record<string, string> }
	| {
			kind: 'slot_taken';
			values: BookingFormValues;
			alternatives: AlternativeChoice[];
			/** Why the time could not be booked, in words (only "just taken" when it was). */
			wording: RefusalWording;
	  }
	| { kind: 'rate_limited' }
	| { kind: 'refused' }
	| { kind: 'emergency' };

/**
 * The last step: the honeypot, validation, the answer already given to this form's
 * idempotency key (a resubmitted page), the rate limit per address, then one call to the
 * booking service with that key. The browser's back pain check (its gate)
 * refuses the booking after an emergency answer, and otherwise goes with it to be linked and,
 * when it says so, flagged for a clinician's review in the booking's transaction.
 */
export async function confirmBooking(
	db: Kysely<Database>,
	form: BookingFormData,
	context: {
		now: Temporal.Instant;
		origin: URL;
		clientAddress: string;
		requestId?: string;
		rateLimit: { limit: number; windowSeconds: number };
		/** What this browser's latest back pain check means for booking (ADR 0019). */
		gate?: CheckGate;
	}
): Promise<ConfirmResult> {
	const gate = context.gate ?? { kind: 'no_check' };
	if (gate.kind === 'emergency') return { kind: 'emergency' };
	if (isHoneypotFilled(form)) return { kind: 'refused' };
	const parsed = parse(form);
	if (!parsed.ok) return { kind: 'invalid', values: parsed.values, errors: parsed.errors };

	const [services, practitioners, locations] = await Promise.all([
		listServices(db),
		listPractitioners(db),
		listLocations(db)
	]);
	const service = services.find((entry) => entry.slug === parsed.selection.service);
	const practitioner =
		parsed.selection.practitioner === 'any'
			? 'any'
			: practitioners.find((entry) => entry.slug === parsed.selection.practitioner);
	if (!service || !practitioner) {
		return {
			kind: 'invalid',
			values: parsed.values,
			errors: { service: 'Please choose the service and practitioner again.' }
		};
	}
	const key = (form.idempotencyKey ?? '').slice(0, 100);
	const input: BookingInput = {
		serviceId: service.id,
		practitionerId: practitioner === 'any' ? 'any' : practitioner.id,
		start: Temporal.Instant.from(parsed.selection.start),
		patient: {
			name: parsed.contact.name,
			email: parsed.contact.email,
			phone: parsed.contact.phone
		},
		newPatient: parsed.contact.newPatient,
		note: parsed.contact.note
	};
	// A resubmitted confirmation answers with its booking, whatever the rate limit (ADR 0033).
	const replay = key ? await findBookingReplay(db, key, input) : null;
	if (!replay) {
		const allowed = await withinRateLimit(db, `booking:${context.clientAddress}`, {
			...context.rateLimit,
			now: context.now
		});
		if (!allowed) return { kind: 'rate_limited' };
	}
	const result =
		replay ??
		(await bookAppointment(db, input, {
			now: context.now,
			origin: context.origin,
			source: 'online',
			idempotencyKey: key || null,
			request: { ip: context.clientAddress, requestId: context.requestId },
			screening:
				gate.kind === 'link'
					? { tokenHash: gate.tokenHash, needsClinicianReview: gate.needsClinicianReview }
					: null
		}));
	switch (result.kind) {
		case 'booked':
			return { kind: 'booked', body: result.body };
		case 'invalid':
			return { kind: 'invalid', values: parsed.values, errors: result.errors };
		case 'key_reused':
			return {
				kind: 'invalid',
				values: parsed.values,
				errors: { form: 'This form was already used for another booking. Please review again.' }
			};
		case 'slot_taken':
			return {
				kind: 'slot_taken',
				values: parsed.values,
				wording: refusalWording(result.reason),
				alternatives: describeAlternatives(result.alternatives, {
					timeZone: locations[0]?.timeZone ?? 'UTC',
					practitioners,
					keepAnyone: practitioner === 'any'
				})
			};
	}
}
