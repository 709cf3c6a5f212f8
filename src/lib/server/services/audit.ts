import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import type { AppointmentRecord } from '../db/repositories/appointment-repository';
import { appendAuditEvent, type AuditEventInput } from '../db/repositories/audit-repository';
import type { Database } from '../db/schema';
import type { StaffRole } from '$lib/domain/staff/roles';
import type { AuditActorType } from '../db/repositories/audit-repository';

/** Where a request came from, recorded with what it changed. */
export interface RequestMeta {
	ip?: string | null;
	requestId?: string | null;
}

/** The actor recorded for changes made without a staff sign-in. */
export function auditActorFor(source: 'online' | 'api' | 'staff' | 'manage_link'): {
	type: AuditActorType;
	label: string;
} {
	switch (source) {
		case 'online':
			return { type: 'patient', label: 'online booking form' };
		case 'manage_link':
			// Whoever holds the link: a booking proves nothing about who booked (ADR 0029).
			return { type: 'patient', label: 'manage link' };
		case 'api':
			return { type: 'api', label: 'JSON API' };
		case 'staff':
			return { type: 'staff', label: 'staff' };
	}
}

/** What the audit log keeps of an appointment's state before and after a change. */
export function appointmentSnapshot(appointment: AppointmentRecord) {
	return {
		status: appointment.status,
		start: appointment.start.toString(),
		end: appointment.end.toString(),
		practitionerId: appointment.practitionerId,
		roomId: appointment.roomId,
		serviceId: appointment.serviceId,
		sequence: appointment.sequence
	};
}

/** Who is asking, as the staff services need it. */
export interface StaffActor {
	userId: string;
	name: string;
	role: StaffRole;
	/** Set while an owner's break-glass grant is in force for this person. */
	emergencyAccess?: { until: Date } | null;
	/** Set for one patient whose clinical record is withheld (clinical-scope.ts, ADR 0032). */
	clinicalWithheld?: boolean;
}

/**
 * A staff member as the audit log records them. Whatever is done under break-glass access is
 * marked, so the owner can review exactly what the grant was used for.
 */
export function staffAuditActor(staff: StaffActor) {
	const label = staff.emergencyAccess ? `${staff.name} (emergency access)` : staff.name;
	return { type: 'staff' as const, id: staff.userId, label };
}

/**
 * Records a change to an appointment (a booking, move, cancellation or status) with its state
 * before and after, in the caller's transaction.
 */
export async function recordAppointmentChange(
	trx: Kysely<Database>,
	change: {
		action: string;
		actor: AuditEventInput['actor'];
		before: AppointmentRecord | null;
		after: AppointmentRecord;
		/** Facts beyond the appointment's state, e.g. a cancellation's reason. */
		details?: Record<string, unknown>;
		at: Temporal.Instant;
		request?: RequestMeta;
	}
): Promise<void> {
	await appendAuditEvent(trx, {
		at: change.at,
		actor: change.actor,
		action: change.action,
		patientId: change.after.patientId,
		subject: { type: 'appointment', id: change.after.id },
		before: change.before ? appointmentSnapshot(change.before) : undefined,
		after: { ...appointmentSnapshot(change.after), ...change.details },
		ip: change.request?.ip,
		requestId: change.request?.requestId
	});
}
