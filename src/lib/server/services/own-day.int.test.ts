import { describe, expect, it } from 'vitest';
import {
	bookOrFail,
	inputFor,
	localDate,
	openSlots,
	testNow,
	testOrigin,
	useDemoClinic
} from '../../../../tests/support/booking';
import { testDialects } from '../../../../tests/support/databases';
import { createStaffAuthService } from '../auth/service';
import { listAuditEvents } from '../db/repositories/audit-repository';
import { findLinkedPractitionerId } from '../db/repositories/staff-repository';
import type { StaffActor } from './audit';
import { changeStaffAccount, loadStaffAccounts } from './staff-accounts';
import { loadWeekCalendar } from './staff-calendar';
import { loadWorkspaceHome } from './workspace-home';

const dialects = await testDialects();

describe.each(dialects)('a practitioner’s own day on %s', (dialect) => {
	const clinic = useDemoClinic(dialect);

	it('links an account to its practitioner, then opens the workspace on their day and week', async () => {
		const auth = createStaffAuthService({
			db: clinic.db(),
			dialect,
			secret: 'own-day-test-secret-0123456789abcdef0123456789',
			origin: testOrigin,
			issuer: 'Clinic staff'
		});
		const make = async (name: string, role: StaffActor['role']): Promise<StaffActor> => ({
			userId: await auth.createStaffMember({
				email: `${name.toLowerCase().replace(/\W+/g, '.')}@own-day.example`,
				name,
				role
			}),
			name,
			role
		});
		const owner = await make('Olive Owner', 'owner');
		const daniel = await make('Daniel Brandt', 'practitioner');

		// The day of a booking with Daniel, seen as "now" from an hour before it.
		const [slot] = await openSlots(clinic.db(), {
			serviceId: clinic.ids.service.followUp,
			practitionerId: clinic.ids.daniel,
			from: localDate('2027-03-09'),
			to: localDate('2027-03-09')
		});
		if (!slot) throw new Error('expected a slot');
		const booked = await bookOrFail(
			clinic.db(),
			inputFor(slot, clinic.ids.service.followUp, 'own-day')
		);
		const context = { now: slot.start.subtract({ hours: 1 }) };

		const before = await loadWorkspaceHome(clinic.db(), daniel, context);
		expect(before.ownDay).toBeNull();

		const context2 = { now: testNow, origin: testOrigin };
		expect(
			await changeStaffAccount(
				clinic.db(),
				daniel.userId,
				{ action: 'practitioner', practitionerId: 999_999 },
				owner,
				context2
			)
		).toMatchObject({ kind: 'refused' });
		expect(
			await changeStaffAccount(
				clinic.db(),
				daniel.userId,
				{ action: 'practitioner', practitionerId: clinic.ids.daniel },
				owner,
				context2
			)
		).toEqual({ kind: 'done' });
		expect(await findLinkedPractitionerId(clinic.db(), daniel.userId)).toBe(clinic.ids.daniel);
		const accounts = await loadStaffAccounts(clinic.db(), owner);
		expect(
			accounts.kind === 'ok' &&
				accounts.members.find((member) => member.id === daniel.userId)?.practitionerId
		).toBe(clinic.ids.daniel);

		const home = await loadWorkspaceHome(clinic.db(), daniel, context);
		expect(home.ownDay?.appointments.map((block) => [block.id, block.next])).toEqual([
			[booked.body.id, true]
		]);
		const week = await loadWeekCalendar(
			clinic.db(),
			{ date: '2027-03-09', practitioner: null },
			daniel,
			context
		);
		expect(week.kind === 'ok' && week.practitioner.id).toBe(clinic.ids.daniel);

		const actions = (await listAuditEvents(clinic.db())).map((event) => event.action);
		expect(actions).toContain('staff.practitioner_link');

		// Linking the record to someone else moves it; "none" unlinks.
		const other = await make('Locum Lee', 'practitioner');
		await changeStaffAccount(
			clinic.db(),
			other.userId,
			{ action: 'practitioner', practitionerId: clinic.ids.daniel },
			owner,
			context2
		);
		expect(await findLinkedPractitionerId(clinic.db(), daniel.userId)).toBeNull();
		await changeStaffAccount(
			clinic.db(),
			other.userId,
			{ action: 'practitioner', practitionerId: null },
			owner,
			context2
		);
		expect(await findLinkedPractitionerId(clinic.db(), other.userId)).toBeNull();
	});
});
