import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { formatAppointmentTime } from '$lib/domain/booking/appointment-time';
import { can } from '$lib/domain/staff/roles';
import { findAppointment, replaceManageTokenHash } from '../db/repositories/appointment-repository';
import { listLocations } from '../db/repositories/clinic-repository';
import { listPractitioners } from '../db/repositories/practitioner-repository';
import { listServices } from '../db/repositories/service-repository';
import type { Database } from '../db/schema';
import { staffAuditActor, type StaffActor } from './audit';
import { loadBookingFlow, type BookingSelection } from './booking-flow';
import { moveBookedAppointment, type MoveContext } from './move-appointment';
import { moveFromForm, type RescheduleFormResult } from './reschedule-flow';
import { newSecretToken } from './tokens';

/**
 * The staff "move this appointment" page: the appointment as it is, and the same day and
 * time steps as booking for its service, with its practitioner unless staff pick another.
 */
export async function loadStaffMove(
	db: Kysely<Database>,
	id: number,
	selection: Omit<BookingSelection, 'service'>,
	staff: StaffActor,
	now: Temporal.Instant
) {
	if (!can(staff, 'schedule.manage')) return { kind: 'forbidden' as const };
	const appointment = await findAppointment(db, id);
	if (!appointment) return { kind: 'not_found' as const };
	const [services, practitioners, locations] = await Promise.all([
		listServices(db),
		listPractitioners(db),
		listLocations(db)
	]);
	const service = services.find((entry) => entry.id === appointment.serviceId);
	const practitioner = practitioners.find((entry) => entry.id === appointment.practitionerId);
	const location = locations.find((entry) => entry.id === appointment.locationId);
	if (!service || !practitioner || !location) return { kind: 'not_found' as const };
	const movable = appointment.status === 'booked';
	const flow = movable
		? await loadBookingFlow(
				db,
				{
					...selection,
					service: service.slug,
					practitioner: selection.practitioner ?? practitioner.slug
				},
				now,
				{ staff: true }
			)
		: null;
	return {
		kind: 'ok' as const,
		appointment: {
			id: appointment.id,
			when: formatAppointmentTime(
				appointment.start,
				appointment.end,
				location.timeZone,
				location.city
			).full,
			service: service.name,
			practitioner: { slug: practitioner.slug, name: practitioner.name },
			status: appointment.status
		},
		// Other practitioners who offer the service, to move the visit to one of them.
		practitioners: practitioners
			.filter((entry) => entry.serviceIds.includes(service.id))
			.map((entry) => ({ slug: entry.slug, name: entry.name })),
		flow
	};
}

/**
 * Moves an appointment for the patient (who called, or whose practitioner is away). Staff may
 * move a visit inside the online cancellation cutoff. The "has moved" email carries a fresh
 * manage link, and the old link stops working: staff never hold the patient's link, and a
 * link that still worked after someone else moved the visit would be confusing.
 */
export async function moveByStaff(
	db: Kysely<Database>,
	id: number,
	form: { start: string; practitioner: string },
	staff: StaffActor,
	context: MoveContext
): Promise<RescheduleFormResult | { kind: 'forbidden' }> {
	if (!can(staff, 'schedule.manage')) return { kind: 'forbidden' };
	return moveFromForm(db, form, (request) =>
		moveBookedAppointment(
			db,
			request,
			{
				find: (handle) => findAppointment(handle, id),
				actor: staffAuditActor(staff),
				enforceCutoff: false,
				manageUrl: async (trx, moved) => {
					const token = newSecretToken();
					await replaceManageTokenHash(trx, moved.id, token.hash);
					return new URL(`/manage/${token.token}`, context.origin).href;
				}
			},
			context
		)
	);
}
