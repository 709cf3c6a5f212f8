/*
 * Break-glass access (HIPAA 164.312(a)(2)(ii)): when a patient's safety needs it, an owner lets
 * one staff member read clinical records for a few hours. The grant is short, has a reason,
 * and everything done under it is marked in the audit log.
 */
import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';

/** How long a grant may last, in hours. Short on purpose: a grant is for one situation. */
export const emergencyDurations = [1, 2, 4, 8, 12] as const;

/** The owner's grant form. */
export const emergencyGrantSchema = z.object({
	staffId: z.string().trim().min(1, 'Choose who needs emergency access.').max(100),
	hours: z.coerce
		.number({ error: 'Choose how long the access lasts.' })
		.refine(
			(value) => (emergencyDurations as readonly number[]).includes(value),
			'Choose how long the access lasts.'
		),
	reason: z
		.string()
		.trim()
		.min(10, 'Say in a sentence why the access is needed (at least 10 characters).')
		.max(500, 'Keep the reason under 500 characters.')
});

export type EmergencyGrantInput = z.infer<typeof emergencyGrantSchema>;

/** A grant as stored. */
export interface EmergencyGrant {
	startsAt: Temporal.Instant;
	endsAt: Temporal.Instant;
	revokedAt: Temporal.Instant | null;
}

/** Where a grant stands at `now`: in force, ended on time, or revoked early. */
export function emergencyGrantState(
	grant: EmergencyGrant,
	now: Temporal.Instant
): 'active' | 'expired' | 'revoked' {
	if (grant.revokedAt && Temporal.Instant.compare(grant.revokedAt, now) <= 0) return 'revoked';
	if (Temporal.Instant.compare(now, grant.startsAt) < 0) return 'expired';
	return Temporal.Instant.compare(now, grant.endsAt) < 0 ? 'active' : 'expired';
}

/**
 * Why a grant to this person is refused, or null. Owners already read everything, and
 * nobody grants themselves access: break-glass needs a second person.
 */
export function emergencyGrantRefusal(
	grantee: { id: string; role: string; active: boolean } | undefined,
	granterId: string
): string | null {
	if (!grantee) return 'Choose who needs emergency access.';
	if (grantee.id === granterId) return 'You cannot grant emergency access to yourself.';
	if (grantee.role === 'owner') return 'Owners can read every record already.';
	if (!grantee.active) return 'This account is deactivated; reactivate it first.';
	return null;
}
