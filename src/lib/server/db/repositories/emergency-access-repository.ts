import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { fromDbInstant, fromDbInstantOrNull, toDbInstant } from '../instant';
import type { Database } from '../schema';

export interface EmergencyGrantRecord {
	id: number;
	staffUserId: string;
	staffName: string;
	grantedByName: string;
	reason: string;
	startsAt: Temporal.Instant;
	endsAt: Temporal.Instant;
	revokedAt: Temporal.Instant | null;
	revokedByName: string | null;
}

/** Records a grant. */
export async function insertEmergencyGrant(
	db: Kysely<Database>,
	grant: {
		staffUserId: string;
		grantedBy: { id: string; name: string };
		reason: string;
		startsAt: Temporal.Instant;
		endsAt: Temporal.Instant;
	}
): Promise<number> {
	const row = await db
		.insertInto('emergency_access')
		.values({
			staff_user_id: grant.staffUserId,
			granted_by_id: grant.grantedBy.id,
			granted_by_name: grant.grantedBy.name,
			reason: grant.reason,
			starts_at: toDbInstant(grant.startsAt),
			ends_at: toDbInstant(grant.endsAt)
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

/** The latest-ending grant in force for a staff member at `now`, if any. */
export async function findActiveEmergencyGrant(
	db: Kysely<Database>,
	staffUserId: string,
	now: Temporal.Instant
): Promise<{ id: number; endsAt: Temporal.Instant } | null> {
	const at = toDbInstant(now);
	const row = await db
		.selectFrom('emergency_access')
		.select(['id', 'ends_at'])
		.where('staff_user_id', '=', staffUserId)
		.where('revoked_at', 'is', null)
		.where('starts_at', '<=', at)
		.where('ends_at', '>', at)
		.orderBy('ends_at', 'desc')
		.limit(1)
		.executeTakeFirst();
	return row ? { id: row.id, endsAt: fromDbInstant(row.ends_at) } : null;
}

/** The most recent grants, newest first, with the grantee's name. */
export async function listEmergencyGrants(
	db: Kysely<Database>,
	limit: number
): Promise<EmergencyGrantRecord[]> {
	const rows = await db
		.selectFrom('emergency_access')
		.innerJoin('staff_user', 'staff_user.id', 'emergency_access.staff_user_id')
		.select([
			'emergency_access.id',
			'emergency_access.staff_user_id',
			'staff_user.name as staff_name',
			'emergency_access.granted_by_name',
			'emergency_access.reason',
			'emergency_access.starts_at',
			'emergency_access.ends_at',
			'emergency_access.revoked_at',
			'emergency_access.revoked_by_name'
		])
		.orderBy('emergency_access.starts_at', 'desc')
		.orderBy('emergency_access.id', 'desc')
		.limit(limit)
		.execute();
	return rows.map((row) => ({
		id: row.id,
		staffUserId: row.staff_user_id,
		staffName: row.staff_name,
		grantedByName: row.granted_by_name,
		reason: row.reason,
		startsAt: fromDbInstant(row.starts_at),
		endsAt: fromDbInstant(row.ends_at),
		revokedAt: fromDbInstantOrNull(row.revoked_at),
		revokedByName: row.revoked_by_name
	}));
}

/** Ends a grant early; false when it was revoked already or has ended. */
export async function revokeEmergencyGrant(
	db: Kysely<Database>,
	id: number,
	by: string,
	now: Temporal.Instant
): Promise<{ staffUserId: string } | null> {
	const row = await db
		.updateTable('emergency_access')
		.set({ revoked_at: toDbInstant(now), revoked_by_name: by })
		.where('id', '=', id)
		.where('revoked_at', 'is', null)
		.where('ends_at', '>', toDbInstant(now))
		.returning('staff_user_id')
		.executeTakeFirst();
	return row ? { staffUserId: row.staff_user_id } : null;
}
