import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { checkInWindowState, kioskTokenMinutes } from '$lib/domain/outcomes/check-in';
import { can } from '$lib/domain/staff/roles';
import { findAppointment } from '../db/repositories/appointment-repository';
import { appendAuditEvent } from '../db/repositories/audit-repository';
import { insertKioskToken } from '../db/repositories/kiosk-repository';
import { hasCheckIn } from '../db/repositories/outcome-repository';
import type { Database } from '../db/schema';
import { transactionWithRetry } from '../db/transaction';
import { staffAuditActor, type RequestMeta, type StaffActor } from './audit';
import { loadClinicContact } from './clinic-contact';
import { newSecretToken } from './tokens';

export type KioskStartResult =
	| { kind: 'forbidden' }
	| { kind: 'not_found' }
	/** Outside the check-in's window (see checkInWindowState), or a cancelled visit or no-show. */
	| { kind: 'unavailable'; message: string }
	| { kind: 'answered' }
	| { kind: 'started'; token: string; expiresAt: Temporal.Instant };

/**
 * Starts kiosk mode for one appointment: a one-time token, valid for 20 minutes, that opens
 * the appointment's check-in on the front desk's tablet (only its hash is stored). Refused
 * outside the check-in's window and once the check-in is answered. Recorded in the audit log.
 * Signing the staff member out on the device is the route's job (it owns the cookies).
 */
export async function startKiosk(
	db: Kysely<Database>,
	appointmentId: number,
	staff: StaffActor,
	context: { now: Temporal.Instant; request?: RequestMeta }
): Promise<KioskStartResult> {
	if (!can(staff, 'schedule.manage')) return { kind: 'forbidden' };
	return transactionWithRetry(db, async (trx): Promise<KioskStartResult> => {
		const appointment = await findAppointment(trx, appointmentId);
		if (!appointment) return { kind: 'not_found' };
		const clinic = await loadClinicContact(trx, appointment.locationId);
		const window = checkInWindowState(appointment, clinic.timeZone, context.now);
		if (window !== 'open') {
			return {
				kind: 'unavailable',
				message:
					window === 'not_yet'
						? 'The check-in opens 48 hours before the visit; kiosk mode is for the visit day.'
						: 'The check-in for this visit is closed (it ends with the visit day, and a cancelled visit or a no-show has none).'
			};
		}
		if (await hasCheckIn(trx, appointment.id)) return { kind: 'answered' };
		const { token, hash } = newSecretToken();
		const expiresAt = context.now.add({ minutes: kioskTokenMinutes });
		const tokenId = await insertKioskToken(trx, {
			appointmentId: appointment.id,
			tokenHash: hash,
			createdBy: { id: staff.userId, name: staff.name },
			at: context.now,
			expiresAt
		});
		await appendAuditEvent(trx, {
			at: context.now,
			actor: staffAuditActor(staff),
			action: 'outcomes.kiosk_started',
			patientId: appointment.patientId,
			subject: { type: 'appointment', id: appointment.id },
			after: { kioskTokenId: tokenId, expiresAt: expiresAt.toString() },
			ip: context.request?.ip,
			requestId: context.request?.requestId
		});
		return { kind: 'started', token, expiresAt };
	});
}
