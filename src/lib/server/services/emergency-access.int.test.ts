import { describe, expect, it } from 'vitest';
import { testNow, testOrigin, useDemoClinic } from '../../../../tests/support/booking';
import { testDialects } from '../../../../tests/support/databases';
import { can } from '$lib/domain/staff/roles';
import { createStaffAuthService } from '../auth/service';
import { listAuditEvents } from '../db/repositories/audit-repository';
import { findActiveEmergencyGrant } from '../db/repositories/emergency-access-repository';
import { deactivateStaff } from '../db/repositories/staff-repository';
import { staffAuditActor, type StaffActor } from './audit';
import {
	grantEmergencyAccess,
	loadEmergencyAccess,
	revokeEmergencyAccess
} from './emergency-access';

const dialects = await testDialects();
const reason = 'Mei Lin is away; the desk must read an intake for a caller.';

describe.each(dialects)('emergency access on %s', (dialect) => {
	const clinic = useDemoClinic(dialect);
	const context = { now: testNow };

	let round = 0;
	async function people() {
		round += 1;
		const auth = createStaffAuthService({
			db: clinic.db(),
			dialect,
			secret: 'emergency-access-test-secret-0123456789abcdef0123',
			origin: testOrigin,
			issuer: 'Clinic staff'
		});
		const make = async (name: string, role: StaffActor['role']): Promise<StaffActor> => ({
			userId: await auth.createStaffMember({
				email: `${name.toLowerCase().replace(/\W+/g, '.')}.${round}@clinic.example`,
				name,
				role
			}),
			name,
			role
		});
		return {
			owner: await make('Olive Owner', 'owner'),
			desk: await make('Dana Desk', 'front_desk'),
			practitioner: await make('Pat Practitioner', 'practitioner')
		};
	}

	it('grants for a few hours, is in force until it ends, and is recorded', async () => {
		const { owner, desk } = await people();
		const granted = await grantEmergencyAccess(
			clinic.db(),
			{ staffId: desk.userId, hours: '2', reason },
			owner,
			context
		);
		expect(granted).toEqual({ kind: 'granted' });

		const active = await findActiveEmergencyGrant(clinic.db(), desk.userId, testNow);
		expect(active?.endsAt.toString()).toBe(testNow.add({ hours: 2 }).toString());
		const later = testNow.add({ hours: 2 });
		expect(await findActiveEmergencyGrant(clinic.db(), desk.userId, later)).toBeNull();

		const covering = { ...desk, emergencyAccess: { until: new Date(0) } };
		expect(can(covering, 'patients.clinical')).toBe(true);
		expect(staffAuditActor(covering).label).toBe('Dana Desk (emergency access)');

		const [event] = await listAuditEvents(clinic.db(), { actorId: owner.userId });
		expect(event?.action).toBe('emergency.grant');
		expect(event?.after).toMatchObject({ to: 'Dana Desk', hours: 2, reason });

		const page = await loadEmergencyAccess(clinic.db(), owner, testNow);
		expect(page.kind === 'ok' && page.grants[0]?.state).toBe('active');
		expect(page.kind === 'ok' && page.candidates.map((entry) => entry.id)).not.toContain(
			owner.userId
		);
	});

	it('ends at once when the owner revokes it, and only once', async () => {
		const { owner, desk } = await people();
		await grantEmergencyAccess(
			clinic.db(),
			{ staffId: desk.userId, hours: '8', reason },
			owner,
			context
		);
		const page = await loadEmergencyAccess(clinic.db(), owner, testNow);
		const id = String(page.kind === 'ok' ? page.grants[0]?.id : '');
		const soon = { now: testNow.add({ minutes: 10 }) };
		expect(await revokeEmergencyAccess(clinic.db(), id, owner, soon)).toEqual({
			kind: 'revoked'
		});
		expect(await findActiveEmergencyGrant(clinic.db(), desk.userId, soon.now)).toBeNull();
		expect(await revokeEmergencyAccess(clinic.db(), id, owner, soon)).toEqual({
			kind: 'not_active'
		});
		expect(await revokeEmergencyAccess(clinic.db(), 'x', owner, soon)).toEqual({
			kind: 'not_active'
		});
		const actions = (await listAuditEvents(clinic.db(), { actorId: owner.userId })).map(
			(event) => event.action
		);
		expect(actions).toEqual(['emergency.revoke', 'emergency.grant']);
	});

	it('refuses other roles, oneself, owners, deactivated accounts and bad input, writing nothing', async () => {
		const { owner, desk, practitioner } = await people();
		const input = { staffId: desk.userId, hours: '1', reason };
		expect(await grantEmergencyAccess(clinic.db(), input, practitioner, context)).toEqual({
			kind: 'forbidden'
		});
		// A grant in force never lets its holder grant further.
		const covering = { ...desk, emergencyAccess: { until: new Date(0) } };
		expect(
			await grantEmergencyAccess(
				clinic.db(),
				{ ...input, staffId: practitioner.userId },
				covering,
				context
			)
		).toEqual({ kind: 'forbidden' });
		const refusals = [
			{ ...input, staffId: owner.userId },
			{ ...input, hours: '24' },
			{ ...input, reason: 'help' },
			{ ...input, staffId: 'nobody' }
		];
		for (const refused of refusals) {
			expect((await grantEmergencyAccess(clinic.db(), refused, owner, context)).kind).toBe(
				'invalid'
			);
		}
		await deactivateStaff(clinic.db(), practitioner.userId, owner.userId, testNow);
		const deactivated = await grantEmergencyAccess(
			clinic.db(),
			{ ...input, staffId: practitioner.userId },
			owner,
			context
		);
		expect(deactivated).toMatchObject({ kind: 'invalid', errors: { staffId: /deactivated/ } });
		const rows = await clinic
			.db()
			.selectFrom('emergency_access')
			.selectAll()
			.where('staff_user_id', 'in', [desk.userId, practitioner.userId, owner.userId])
			.execute();
		expect(rows).toEqual([]);
	});
});
