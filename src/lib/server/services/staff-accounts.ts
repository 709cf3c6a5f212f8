import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import { fieldErrors } from '$lib/domain/booking/contact-details';
import { singleLine } from '$lib/domain/text/clean-text';
import { can, roleLabels, staffRoles, type StaffRole } from '$lib/domain/staff/roles';
import type { StaffAuthService } from '../auth/service';
import { appendAuditEvent } from '../db/repositories/audit-repository';
import { findClinic } from '../db/repositories/clinic-repository';
import { enqueueMessage } from '../db/repositories/outbox-repository';
import { listPractitioners } from '../db/repositories/practitioner-repository';
import {
	deactivateStaff,
	linkPractitioner,
	listStaff,
	reactivateStaff,
	setStaffRole,
	type StaffMember
} from '../db/repositories/staff-repository';
import type { Database } from '../db/schema';
import { staffSetupIntent } from '../mail/link-purposes';
import { linkPlaceholder } from '../mail/links';
import { staffAuditActor, type RequestMeta, type StaffActor } from './audit';

type Context = { now: Temporal.Instant; origin: URL; request?: RequestMeta };

/** The staff list for the owner. */
export async function loadStaffAccounts(db: Kysely<Database>, staff: StaffActor) {
	if (!can(staff, 'staff.manage')) return { kind: 'forbidden' as const };
	const [members, practitioners] = await Promise.all([listStaff(db), listPractitioners(db)]);
	return {
		kind: 'ok' as const,
		members: members.map((member) => ({ ...member, roleLabel: roleLabels[member.role] })),
		practitioners: practitioners.map(({ id, name }) => ({ id, name })),
		roles: staffRoles.map((role) => ({ value: role, label: roleLabels[role] })),
		selfId: staff.userId
	};
}

const inviteForm = z.object({
	name: z.string().overwrite(singleLine).trim().min(2, 'Enter their name.').max(120),
	email: z
		.string()
		.overwrite(singleLine)
		.trim()
		.pipe(z.email({ error: 'Enter an email address like name@example.com.' }).max(254)),
	role: z.enum(staffRoles, { error: 'Choose a role.' })
});

/**
 * Adds a staff member and emails them a one-time link (72 hours) to choose a password; they
 * enrol an authenticator at first sign-in. The email goes through the outbox, so it is sent
 * exactly when the account exists.
 */
export async function inviteStaff(
	db: Kysely<Database>,
	auth: StaffAuthService,
	input: Record<string, string>,
	staff: StaffActor,
	context: Context
): Promise<
	{ kind: 'invited' } | { kind: 'forbidden' } | { kind: 'invalid'; errors: Record<string, string> }
> {
	if (!can(staff, 'staff.manage')) return { kind: 'forbidden' };
	const parsed = inviteForm.safeParse({
		...input,
		email: (input.email ?? '').trim().toLowerCase()
	});
	if (!parsed.success) return { kind: 'invalid', errors: fieldErrors(parsed.error) };
	if (await auth.staffEmailExists(parsed.data.email)) {
		return { kind: 'invalid', errors: { email: 'A staff account uses this email already.' } };
	}
	const userId = await auth.createStaffMember(parsed.data);
	const clinic = await findClinic(db);
	// The setup link is minted when the email is sent, valid 72 hours from then (ADR 0031).
	const link = linkPlaceholder('setup');
	await db.transaction().execute(async (trx) => {
		await enqueueMessage(trx, {
			kind: 'staff_invite',
			appointmentId: null,
			appointmentSequence: null,
			dedupeKey: `staff_invite:${userId}`,
			recipient: parsed.data.email,
			payload: {
				subject: `Your staff account at ${clinic?.name ?? 'the clinic'}`,
				text: [
					`Hello ${parsed.data.name},`,
					'',
					`${staff.name} has made you a staff account (${roleLabels[parsed.data.role]}).`,
					'Choose your password within 72 hours with this one-time link:',
					`  ${link}`,
					'',
					'At your first sign-in you will set up an authenticator app for the second step.',
					'If you did not expect this email, ignore it and tell the clinic.'
				].join('\n'),
				links: { setup: staffSetupIntent(userId) },
				linkOrigin: context.origin.origin
			},
			dueAt: context.now,
			now: context.now
		});
		await appendAuditEvent(trx, {
			at: context.now,
			actor: staffAuditActor(staff),
			action: 'staff.invite',
			subject: { type: 'staff', id: userId },
			after: { name: parsed.data.name, email: parsed.data.email, role: parsed.data.role },
			ip: context.request?.ip,
			requestId: context.request?.requestId
		});
	});
	return { kind: 'invited' };
}

export type StaffAccountChange =
	| { action: 'role'; role: StaffRole }
	| { action: 'deactivate' }
	| { action: 'reactivate' }
	/** Which practitioner record the account is (null: none). */
	| { action: 'practitioner'; practitionerId: number | null };

export type StaffChangeResult =
	| { kind: 'done' }
	| { kind: 'forbidden' }
	| { kind: 'not_found' }
	| { kind: 'refused'; message: string };

/**
 * Changes a member's role, or deactivates or reactivates the account. The owner cannot change
 * their own account here, and the clinic always keeps at least one active owner.
 */
export async function changeStaffAccount(
	db: Kysely<Database>,
	targetId: string,
	change: StaffAccountChange,
	staff: StaffActor,
	context: Context
): Promise<StaffChangeResult> {
	if (!can(staff, 'staff.manage')) return { kind: 'forbidden' };
	if (targetId === staff.userId && change.action !== 'practitioner') {
		return { kind: 'refused', message: 'You cannot change your own account here.' };
	}
	return db.transaction().execute(async (trx) => {
		const members = await listStaff(trx);
		const target = members.find((member) => member.id === targetId);
		if (!target) return { kind: 'not_found' as const };
		if (change.action === 'practitioner')
			return linkToPractitioner(trx, target, change, staff, context);
		const activeOwners = members.filter((member) => member.role === 'owner' && member.active);
		const losesOwner =
			target.role === 'owner' &&
			target.active &&
			(change.action === 'deactivate' || (change.action === 'role' && change.role !== 'owner'));
		if (losesOwner && activeOwners.length <= 1) {
			return { kind: 'refused' as const, message: 'The clinic needs at least one active owner.' };
		}
		if (change.action === 'role') await setStaffRole(trx, targetId, change.role);
		else if (change.action === 'deactivate')
			await deactivateStaff(trx, targetId, staff.userId, context.now);
		else await reactivateStaff(trx, targetId);
		await appendAuditEvent(trx, {
			at: context.now,
			actor: staffAuditActor(staff),
			action: change.action === 'role' ? 'staff.role_change' : `staff.${change.action}`,
			subject: { type: 'staff', id: targetId },
			before: { role: target.role, active: target.active },
			after:
				change.action === 'role'
					? { role: change.role, active: target.active }
					: { role: target.role, active: change.action === 'reactivate' },
			ip: context.request?.ip,
			requestId: context.request?.requestId
		});
		return { kind: 'done' as const };
	});
}

async function linkToPractitioner(
	trx: Kysely<Database>,
	target: StaffMember,
	change: { practitionerId: number | null },
	staff: StaffActor,
	context: Context
): Promise<StaffChangeResult> {
	const practitioners = await listPractitioners(trx);
	if (
		change.practitionerId !== null &&
		!practitioners.some((entry) => entry.id === change.practitionerId)
	) {
		return { kind: 'refused', message: 'Choose one of the practitioners.' };
	}
	await linkPractitioner(trx, target.id, change.practitionerId);
	await appendAuditEvent(trx, {
		at: context.now,
		actor: staffAuditActor(staff),
		action: 'staff.practitioner_link',
		subject: { type: 'staff', id: target.id },
		before: { practitionerId: target.practitionerId },
		after: { practitionerId: change.practitionerId },
		ip: context.request?.ip,
		requestId: context.request?.requestId
	});
	return { kind: 'done' };
}
