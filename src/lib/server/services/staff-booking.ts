import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { contactDetailsSchema, fieldErrors } from '$lib/domain/booking/contact-details';
import { parseBookableInstant } from '$lib/domain/booking/parse-time';
import { can } from '$lib/domain/staff/roles';
import { listPractitioners } from '../db/repositories/practitioner-repository';
import { listServices } from '../db/repositories/service-repository';
import { listLocations } from '../db/repositories/clinic-repository';
import type { Database } from '../db/schema';
import { bookAppointment } from './book-appointment';
import { loadBookingFlow, type BookingSelection } from './booking-flow';
import type { RequestMeta } from './audit';
import type { StaffActor } from './audit';

/**
 * The front desk books a caller with the same steps, the same scheduling core and the same
 * booking service as patients online, so the same guarantees hold (no double booking, one
 * booking per form, emails through the outbox).
 */
export async function loadStaffBooking(
	db: Kysely<Database>,
	selection: BookingSelection,
	staff: StaffActor,
	now: Temporal.Instant
) {
	if (!can(staff, 'schedule.manage')) return { kind: 'forbidden' as const };
	// A real clinic before its owner added a location: nothing to book yet (ADR 0034).
	if ((await listLocations(db)).length === 0) return { kind: 'not_set_up' as const };
	const flow = await loadBookingFlow(db, selection, now, { staff: true });
	return { kind: 'ok' as const, flow, idempotencyKey: randomUUID() };
}

export type StaffBookingResult =
	| { kind: 'booked'; appointmentId: number }
	| { kind: 'forbidden' }
	| { kind: 'invalid'; errors: Record<string, string>; values: Record<string, string> }
	| { kind: 'taken'; values: Record<string, string> };

/** Books for a caller from the staff form. */
export async function bookForCaller(
	db: Kysely<Database>,
	form: Record<string, string>,
	staff: StaffActor,
	context: { now: Temporal.Instant; origin: URL; request?: RequestMeta }
): Promise<StaffBookingResult> {
	if (!can(staff, 'schedule.manage')) return { kind: 'forbidden' };
	const values = Object.fromEntries(
		['service', 'practitioner', 'start', 'name', 'email', 'phone', 'newPatient', 'note'].map(
			(key) => [key, (form[key] ?? '').slice(0, 600)]
		)
	);
	const contact = contactDetailsSchema.safeParse({
		name: values.name,
		email: values.email,
		phone: values.phone,
		newPatient: values.newPatient === 'yes' ? true : values.newPatient === 'no' ? false : undefined,
		note: values.note
	});
	const start = parseBookableInstant(values.start);
	const [services, practitioners] = await Promise.all([listServices(db), listPractitioners(db)]);
	const service = services.find((entry) => entry.slug === values.service);
	const practitioner =
		values.practitioner === 'any'
			? 'any'
			: practitioners.find((entry) => entry.slug === values.practitioner);
	const errors = contact.success ? {} : fieldErrors(contact.error);
	if (!start || !service || !practitioner) errors.start = 'Please choose the time again.';
	if (!contact.success || !start || !service || !practitioner) {
		return { kind: 'invalid', errors, values };
	}
	const result = await bookAppointment(
		db,
		{
			serviceId: service.id,
			practitionerId: practitioner === 'any' ? 'any' : practitioner.id,
			start,
			patient: { name: contact.data.name, email: contact.data.email, phone: contact.data.phone },
			newPatient: contact.data.newPatient,
			note: contact.data.note
		},
		{
			now: context.now,
			origin: context.origin,
			source: 'staff',
			staff: { userId: staff.userId, name: staff.name },
			idempotencyKey: (form.idempotencyKey ?? '').slice(0, 100) || null,
			request: context.request
		}
	);
	switch (result.kind) {
		case 'booked':
			return { kind: 'booked', appointmentId: result.body.id };
		case 'invalid':
			return { kind: 'invalid', errors: result.errors, values };
		case 'key_reused':
			return { kind: 'invalid', errors: { form: 'Please start this booking again.' }, values };
		case 'slot_taken':
			return { kind: 'taken', values };
	}
}
