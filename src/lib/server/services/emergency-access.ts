import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { formatAppointmentTime } from '$lib/domain/booking/appointment-time';
import { fieldErrors } from '$lib/domain/booking/contact-details';
import {
	emergencyDurations,
	emergencyGrantRefusal,
	emergencyGrantSchema,
	emergencyGrantState
} from '$lib/domain/staff/emergency-access';
import { can, roleLabels } from '$lib/domain/staff/roles';
import { appendAuditEvent } from '../db/repositories/audit-repository';
import {
	insertEmergencyGrant,
	listEmergencyGrants,
	revokeEmergencyGrant
} from '../db/repositories/emergency-access-repository';
import { listStaff } from '../db/repositories/staff-repository';
import type { Database } from '../db/schema';
import { loadClinicZone } from './clinic-contact';
import { staffAuditActor, type RequestMeta, type StaffActor } from './audit';

type Context = { now: Temporal.Instant; request?: RequestMeta };

/** The owner's break-glass page: who may be granted access, and every grant, newest first. */
export async function loadEmergencyAccess(
	db: Kysely<Database>,
	staff: StaffActor,
	now: Temporal.Instant
) {
	if (!can(staff, 'emergency.grant')) return { kind: 'forbidden' as const };
	const [members, grants, zone] = await Promise.all([
		listStaff(db),
		listEmergencyGrants(db, 100),
		loadClinicZone(db)
	]);
	const period = (start: Temporal.Instant, end: Temporal.Instant) =>
		formatAppointmentTime(start, end, zone.timeZone, zone.city).full;
	return {
		kind: 'ok' as const,
		candidates: members
			.filter((member) => emergencyGrantRefusal(member, staff.userId) === null)
			.map((member) => ({ id: member.id, label: `${member.name} (${roleLabels[member.role]})` })),
		durations: [...emergencyDurations],
		grants: grants.map((grant) => ({
			id: grant.id,
			staffName: grant.staffName,
			grantedBy: grant.grantedByName,
			reason: grant.reason,
			period: period(grant.startsAt, grant.endsAt),
			state: emergencyGrantState(grant, now),
			revokedBy: grant.revokedByName
		}))
	};
}

export type GrantResult =
	{ kind: 'granted' } | { kind: 'forbidden' } | { kind: 'invalid'; errors: Record<string, string> };

/**
 * Grants one staff member emergency (break-glass) reading of clinical records from now for
 * a few hours. Recorded in the audit log in the same transaction; everything the grantee does
 * meanwhile is recorded with "(emergency access)" beside their name.
 */
export async function grantEmergencyAccess(
	db: Kysely<Database>,
	input: Record<string, string>,
	staff: StaffActor,
	context: Context
): Promise<GrantResult> {
	if (!can(staff, 'emergency.grant')) return { kind: 'forbidden' };
	const parsed = emergencyGrantSchema.safeParse(input);
	if (!parsed.success) return { kind: 'invalid', errors: fieldErrors(parsed.error) };
	const { staffId, hours, reason } = parsed.data;
	return db.transaction().execute(async (trx) => {
		const grantee = (await listStaff(trx)).find((member) => member.id === staffId);
		const refusal = emergencyGrantRefusal(grantee, staff.userId);
		if (refusal || !grantee) {
			return { kind: 'invalid' as const, errors: { staffId: refusal ?? 'Choose someone.' } };
		}
		const endsAt = context.now.add({ hours });
		const id = await insertEmergencyGrant(trx, {
			staffUserId: grantee.id,
			grantedBy: { id: staff.userId, name: staff.name },
			reason,
			startsAt: context.now,
			endsAt
		});
		await appendAuditEvent(trx, {
			at: context.now,
			actor: staffAuditActor(staff),
			action: 'emergency.grant',
			subject: { type: 'staff', id: grantee.id },
			after: { grant: id, to: grantee.name, hours, until: endsAt.toString(), reason },
			ip: context.request?.ip,
			requestId: context.request?.requestId
		});
		return { kind: 'granted' as const };
	});
}

/** Ends a grant early; recorded with who ended it. */
export async function revokeEmergencyAccess(
	db: Kysely<Database>,
	grantId: string,
	staff: StaffActor,
	context: Context
): Promise<{ kind: 'revoked' } | { kind: 'forbidden' } | { kind: 'not_active' }> {
	if (!can(staff, 'emergency.grant')) return { kind: 'forbidden' };
	const id = Number(grantId);
	if (!Number.isSafeInteger(id) || id <= 0) return { kind: 'not_active' };
	return db.transaction().execute(async (trx) => {
		const revoked = await revokeEmergencyGrant(trx, id, staff.name, context.now);
		if (!revoked) return { kind: 'not_active' as const };
		await appendAuditEvent(trx, {
			at: context.now,
			actor: staffAuditActor(staff),
			action: 'emergency.revoke',
			subject: { type: 'staff', id: revoked.staffUserId },
			after: { grant: id },
			ip: context.request?.ip,
			requestId: context.request?.requestId
		});
		return { kind: 'revoked' as const };
	});
}
