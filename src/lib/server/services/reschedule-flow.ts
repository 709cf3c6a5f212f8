import type { Kysely } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { parseBookableInstant } from '$lib/domain/booking/parse-time';
import { listLocations } from '../db/repositories/clinic-repository';
import { listPractitioners } from '../db/repositories/practitioner-repository';
import type { Database } from '../db/schema';
import { loadBookingFlow } from './booking-flow';
import { describeAlternatives, type AlternativeChoice } from './choose-slot';
import {
	loadManagedAppointment,
	rescheduleByToken,
	type ManageContext
} from './manage-appointment';
import type { MoveResult } from './move-appointment';

/**
 * The reschedule page: the current appointment and the same day-and-time steps as booking,
 * for the same service, with the same practitioner unless the patient picks "anyone".
 */
export async function loadReschedulePage(
	db: Kysely<Database>,
	token: string,
	selection: {
		practitioner: string | null;
		month: string | null;
		date: string | null;
		start: string | null;
	},
	now: Temporal.Instant
) {
	const appointment = await loadManagedAppointment(db, token, now);
	if (!appointment) return null;
	const flow = appointment.canChangeOnline
		? await loadBookingFlow(
				db,
				{
					service: appointment.service.slug,
					practitioner: selection.practitioner ?? appointment.practitioner.slug,
					month: selection.month,
					date: selection.date,
					start: selection.start
				},
				now
			)
		: null;
	return { appointment, flow };
}

export type RescheduleFormResult =
	| Exclude<MoveResult, { kind: 'slot_taken' }>
	| { kind: 'invalid' }
	| { kind: 'slot_taken'; alternatives: AlternativeChoice[] };

/** Parses the reschedule form and moves the appointment from the patient's manage link. */
export async function rescheduleFromForm(
	db: Kysely<Database>,
	token: string,
	form: { start: string; practitioner: string },
	context: ManageContext
): Promise<RescheduleFormResult> {
	return moveFromForm(db, form, (request) => rescheduleByToken(db, token, request, context));
}

/**
 * Parses a "move to this time" form (a start and a practitioner's slug or "any"), moves the
 * appointment with `move`, and words the alternatives when the time was just taken. Shared by
 * the patient's manage link and the staff appointment page.
 */
export async function moveFromForm(
	db: Kysely<Database>,
	form: { start: string; practitioner: string },
	move: (request: {
		start: Temporal.Instant;
		practitionerId: number | 'any';
	}) => Promise<MoveResult>
): Promise<RescheduleFormResult> {
	const start = parseBookableInstant(form.start);
	if (!start) return { kind: 'invalid' };
	const practitioners = await listPractitioners(db);
	const practitioner =
		form.practitioner === 'any'
			? 'any'
			: practitioners.find((entry) => entry.slug === form.practitioner);
	if (!practitioner) return { kind: 'invalid' };
	const result = await move({
		start,
		practitionerId: practitioner === 'any' ? 'any' : practitioner.id
	});
	if (result.kind !== 'slot_taken') return result;
	const [location] = await listLocations(db);
	return {
		kind: 'slot_taken',
		// The page offers them as "date, time with whom".
		alternatives: describeAlternatives(result.alternatives, {
			timeZone: location?.timeZone ?? 'UTC',
			practitioners,
			keepAnyone: practitioner === 'any'
		}).map((choice) => ({ ...choice, label: `${choice.label} with ${choice.practitionerName}` }))
	};
}
