import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import type { StaffRole } from '$lib/domain/staff/roles';
import { toDbInstant } from '../instant';
import type { Database } from '../schema';

export interface StaffMember {
	id: string;
	name: string;
	email: string;
	role: StaffRole;
	active: boolean;
	enrolled: boolean;
	/** The practitioner record this account is, if any. */
	practitionerId: number | null;
}

/** Every staff account, owners first, then by name. */
export async function listStaff(db: Kysely<Database>): Promise<StaffMember[]> {
	const rows = await db
		.selectFrom('staff_user')
		.leftJoin('staff_deactivation', 'staff_deactivation.user_id', 'staff_user.id')
		.leftJoin('staff_practitioner', 'staff_practitioner.user_id', 'staff_user.id')
		.select([
			'staff_practitioner.practitioner_id',
			'staff_user.id',
			'staff_user.name',
			'staff_user.email',
			'staff_user.role',
			'staff_user.two_factor_enabled',
			'staff_deactivation.user_id as deactivated'
		])
		.orderBy('staff_user.name')
		.execute();
	const order: Record<StaffRole, number> = { owner: 0, practitioner: 1, front_desk: 2 };
	return rows
		.map((row) => ({
			id: row.id,
			name: row.name,
			email: row.email,
			role: row.role,
			active: row.deactivated === null,
			enrolled: Boolean(row.two_factor_enabled),
			practitionerId: row.practitioner_id
		}))
		.sort((a, b) => order[a.role] - order[b.role]);
}

/** Whether the account with this id or email is deactivated. */
export async function isDeactivated(
	db: Kysely<Database>,
	who: { id: string } | { email: string }
): Promise<boolean> {
	let query = db
		.selectFrom('staff_deactivation')
		.innerJoin('staff_user', 'staff_user.id', 'staff_deactivation.user_id')
		.select('staff_deactivation.user_id');
	query =
		'id' in who
			? query.where('staff_user.id', '=', who.id)
			: query.where('staff_user.email', '=', who.email.trim().toLowerCase());
	return (await query.executeTakeFirst()) !== undefined;
}

/** Changes a member's role. */
export async function setStaffRole(db: Kysely<Database>, id: string, role: StaffRole) {
	await db.updateTable('staff_user').set({ role }).where('id', '=', id).execute();
}

/** Deactivates an account and ends its sessions at once. */
export async function deactivateStaff(
	db: Kysely<Database>,
	id: string,
	by: string,
	now: Temporal.Instant
): Promise<void> {
	await db
		.insertInto('staff_deactivation')
		.values({ user_id: id, deactivated_at: toDbInstant(now), deactivated_by: by })
		.onConflict((conflict) => conflict.column('user_id').doNothing())
		.execute();
	await db.deleteFrom('staff_session').where('user_id', '=', id).execute();
}

/** Lets a deactivated account sign in again. */
export async function reactivateStaff(db: Kysely<Database>, id: string): Promise<void> {
	await db.deleteFrom('staff_deactivation').where('user_id', '=', id).execute();
}

/** The practitioner record a staff account is, or null. */
export async function findLinkedPractitionerId(
	db: Kysely<Database>,
	userId: string
): Promise<number | null> {
	const row = await db
		.selectFrom('staff_practitioner')
		.select('practitioner_id')
		.where('user_id', '=', userId)
		.executeTakeFirst();
	return row?.practitioner_id ?? null;
}

/**
 * Makes a staff account a practitioner's (or no one's, with null). A practitioner record
 * belongs to one account at most: linking it moves it from any other account.
 */
export async function linkPractitioner(
	db: Kysely<Database>,
	userId: string,
	practitionerId: number | null
): Promise<void> {
	await db.deleteFrom('staff_practitioner').where('user_id', '=', userId).execute();
	if (practitionerId === null) return;
	await db.deleteFrom('staff_practitioner').where('practitioner_id', '=', practitionerId).execute();
	await db
		.insertInto('staff_practitioner')
		.values({ user_id: userId, practitioner_id: practitionerId })
		.execute();
}

/**
 * Stores a staff setup link (`/admin/setup/<token>`) as better-auth's `reset-password`
 * verification, keyed by the hash of its identifier only (`storedIdentifier`, see
 * `auth/setup-link.ts`), for the outbox worker that mints the link when the invitation is sent.
 */
export async function insertSetupVerification(
	db: Kysely<Database>,
	verification: {
		id: string;
		storedIdentifier: string;
		userId: string;
		now: Temporal.Instant;
		expiresAt: Temporal.Instant;
	}
): Promise<void> {
	const now = toDbInstant(verification.now);
	await db
		.insertInto('staff_verification')
		.values({
			id: verification.id,
			identifier: verification.storedIdentifier,
			value: verification.userId,
			expires_at: toDbInstant(verification.expiresAt),
			created_at: now,
			updated_at: now
		})
		.execute();
}

/** Whether a staff account with this id exists and is not deactivated. */
export async function isActiveStaff(db: Kysely<Database>, userId: string): Promise<boolean> {
	const row = await db
		.selectFrom('staff_user')
		.leftJoin('staff_deactivation', 'staff_deactivation.user_id', 'staff_user.id')
		.select(['staff_user.id', 'staff_deactivation.user_id as deactivated'])
		.where('staff_user.id', '=', userId)
		.executeTakeFirst();
	return row !== undefined && row.deactivated === null;
}
