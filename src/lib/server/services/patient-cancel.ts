import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { canChangeOnline } from '$lib/domain/booking/cancellation-policy';
import {
	cancelAppointment,
	type AppointmentRecord
} from '../db/repositories/appointment-repository';
import { loadClinicPolicy } from '../db/repositories/schedule-repository';
import type { Database } from '../db/schema';
import { recordAppointmentChange, type RequestMeta } from './audit';

export type PatientCancelResult =
	| { kind: 'cancelled'; cancelled: AppointmentRecord }
	| { kind: 'already_cancelled' }
	| { kind: 'too_late'; cutoffHours: number };

/**
 * A patient's own cancellation, from a manage link or their own page: refused inside the
 * clinic's online cutoff, done once (a double click finds it cancelled), and audited with the
 * actor given. Runs in the caller's transaction; the caller sends the email it chooses.
 */
export async function cancelAsPatient(
	trx: Kysely<Database>,
	appointment: AppointmentRecord,
	change: {
		reason: string;
		actor: Parameters<typeof recordAppointmentChange>[1]['actor'];
		now: Temporal.Instant;
		request?: RequestMeta;
	}
): Promise<PatientCancelResult> {
	if (appointment.status === 'cancelled') return { kind: 'already_cancelled' };
	const policy = await loadClinicPolicy(trx);
	if (
		appointment.status !== 'booked' ||
		!canChangeOnline(appointment.start, change.now, policy.cancellationCutoffHours)
	) {
		return { kind: 'too_late', cutoffHours: policy.cancellationCutoffHours };
	}
	const cancelled = await cancelAppointment(trx, appointment.id, {
		reason: change.reason,
		now: change.now
	});
	// A simultaneous request (a double click) cancelled it after we read it.
	if (!cancelled) return { kind: 'already_cancelled' };
	await recordAppointmentChange(trx, {
		action: 'appointment.cancel',
		actor: change.actor,
		before: appointment,
		after: cancelled,
		at: change.now,
		request: change.request
	});
	return { kind: 'cancelled', cancelled };
}
