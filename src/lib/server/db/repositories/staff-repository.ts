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
}

/** Every staff account, owners first, then by name. */
export async function listStaff(db: Kysely<Database>): Promise<StaffMember[]> {
	const rows = await db
		.selectFrom('staff_user')
		.leftJoin('staff_deactivation', 'staff_deactivation.user_id', 'staff_user.id')
		.select([
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
			enrolled: Boolean(row.two_factor_enabled)
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
