import { describe, expect, it } from 'vitest';
import { sendNewestEmail } from '../../../../tests/support/outbox';
import { testNow, testOrigin, useDemoClinic } from '../../../../tests/support/booking';
import { testDialects } from '../../../../tests/support/databases';
import { createStaffAuthService } from '../auth/service';
import { listAuditEvents } from '../db/repositories/audit-repository';
import { changeStaffAccount, inviteStaff, loadStaffAccounts } from './staff-accounts';
import type { StaffActor } from './audit';

const dialects = await testDialects();
const password = 'copper meadow quartz 58';

describe.each(dialects)('staff accounts on %s', (dialect) => {
	const clinic = useDemoClinic(dialect);
	const auth = () =>
		createStaffAuthService({
			db: clinic.db(),
			dialect,
			secret: 'staff-accounts-test-secret-0123456789abcdef0123',
			origin: testOrigin,
			issuer: 'Clinic staff'
		});
	const context = { now: testNow, origin: testOrigin };

	it('invites by email, changes roles, and deactivates so that sign-in stops at once', async () => {
		const service = auth();
		const ownerId = await service.createStaffMember({
			email: 'owner@clinic.example',
			name: 'Olive Owner',
			role: 'owner'
		});
		const owner: StaffActor = { userId: ownerId, name: 'Olive Owner', role: 'owner' };

		const invalid = await inviteStaff(
			clinic.db(),
			service,
			{ name: 'X', email: 'nope' },
			owner,
			context
		);
		expect(invalid.kind).toBe('invalid');
		const invited = await inviteStaff(
			clinic.db(),
			service,
			{ name: 'Dana Desk', email: 'Dana@Clinic.example', role: 'front_desk' },
			owner,
			context
		);
		expect(invited).toEqual({ kind: 'invited' });
		const again = await inviteStaff(
			clinic.db(),
			service,
			{ name: 'Dana Desk', email: 'dana@clinic.example', role: 'front_desk' },
			owner,
			context
		);
		expect(again.kind).toBe('invalid');

		const queued = await clinic
			.db()
			.selectFrom('outbox_message')
			.select(['recipient', 'payload_json'])
			.where('kind', '=', 'staff_invite')
			.executeTakeFirstOrThrow();
		expect(queued.recipient).toBe('dana@clinic.example');
		// The setup link is minted when the email is sent (ADR 0031).
		expect(queued.payload_json).not.toMatch(/\/admin\/setup\/[\w-]{20}/);
		const email = await sendNewestEmail(clinic.db(), {
			kind: 'staff_invite',
			recipient: 'dana@clinic.example'
		});
		const link = /https:\/\/clinic\.example\/admin\/setup\/([\w-]+)/.exec(email.text)?.[1];
		expect(link).toBeTruthy();
		expect(await service.describeSetupToken(link ?? '')).toBe('staff');
		expect(await service.completeSetup(link ?? '', password)).toEqual({ kind: 'done' });

		const accounts = await loadStaffAccounts(clinic.db(), owner);
		const dana =
			accounts.kind === 'ok'
				? accounts.members.find((member) => member.email === 'dana@clinic.example')
				: undefined;
		expect(dana?.role).toBe('front_desk');

		expect(
			await changeStaffAccount(
				clinic.db(),
				dana?.id ?? '',
				{ action: 'role', role: 'practitioner' },
				owner,
				context
			)
		).toEqual({ kind: 'done' });
		const signIn = () =>
			service.signIn({
				email: 'dana@clinic.example',
				password,
				address: '192.0.2.50',
				headers: new Headers()
			});
		expect((await signIn()).kind).toBe('enrol');

		expect(
			await changeStaffAccount(
				clinic.db(),
				dana?.id ?? '',
				{ action: 'deactivate' },
				owner,
				context
			)
		).toEqual({
			kind: 'done'
		});
		expect((await signIn()).kind).toBe('refused');
		const sessions = await clinic
			.db()
			.selectFrom('staff_session')
			.select('id')
			.where('user_id', '=', dana?.id ?? '')
			.execute();
		expect(sessions).toEqual([]);
		expect(
			await changeStaffAccount(
				clinic.db(),
				dana?.id ?? '',
				{ action: 'reactivate' },
				owner,
				context
			)
		).toEqual({
			kind: 'done'
		});
		expect((await signIn()).kind).toBe('enrol');

		const actions = (await listAuditEvents(clinic.db())).map((event) => event.action);
		for (const action of [
			'staff.invite',
			'staff.role_change',
			'staff.deactivate',
			'staff.reactivate'
		]) {
			expect(actions).toContain(action);
		}
	});

	it('keeps an active owner, refuses self-changes and other roles', async () => {
		const service = auth();
		const solo = await service.createStaffMember({
			email: 'solo@clinic.example',
			name: 'Solo Owner',
			role: 'owner'
		});
		const reader: StaffActor = { userId: 'reader', name: 'Reader', role: 'owner' };
		const accounts = await loadStaffAccounts(clinic.db(), reader);
		const olive =
			accounts.kind === 'ok'
				? (accounts.members.find((member) => member.email === 'owner@clinic.example')?.id ?? '')
				: '';
		const asSolo: StaffActor = { userId: solo, name: 'Solo Owner', role: 'owner' };
		expect(
			await changeStaffAccount(clinic.db(), solo, { action: 'deactivate' }, asSolo, context)
		).toEqual({
			kind: 'refused',
			message: 'You cannot change your own account here.'
		});
		// Two active owners: one may be deactivated; then the other is the last and stays.
		expect(
			await changeStaffAccount(clinic.db(), olive, { action: 'deactivate' }, asSolo, context)
		).toEqual({
			kind: 'done'
		});
		for (const change of [
			{ action: 'deactivate' as const },
			{ action: 'role' as const, role: 'front_desk' as const }
		]) {
			expect(await changeStaffAccount(clinic.db(), solo, change, reader, context)).toEqual({
				kind: 'refused',
				message: 'The clinic needs at least one active owner.'
			});
		}
		const desk: StaffActor = { userId: 'x', name: 'Desk', role: 'front_desk' };
		expect((await loadStaffAccounts(clinic.db(), desk)).kind).toBe('forbidden');
		expect(
			(await changeStaffAccount(clinic.db(), solo, { action: 'deactivate' }, desk, context)).kind
		).toBe('forbidden');
	});
});
