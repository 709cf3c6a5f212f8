import { describe, expect, it } from 'vitest';
import { localDate, openSlots, testNow, useDemoClinic } from '../../../../tests/support/booking';
import { testDialects } from '../../../../tests/support/databases';
import { listAuditEvents } from '../db/repositories/audit-repository';
import { listServices } from '../db/repositories/service-repository';
import { findAvailability } from './availability';
import { updateBookingPolicy, updateService } from './clinic-settings';
import type { StaffActor } from './audit';

const dialects = await testDialects();
const owner: StaffActor = { userId: 'owner-1', name: 'Olive Owner', role: 'owner' };
const context = { now: testNow };

describe.each(dialects)('clinic settings on %s', (dialect) => {
	const clinic = useDemoClinic(dialect);
	const policy = {
		slotStepMinutes: '30',
		minimumNoticeMinutes: '120',
		bookingWindowDays: '7',
		cancellationCutoffHours: '24',
		reminderLeadHours: '24'
	};

	it('explains a wrong booking policy and applies a right one to open slots at once', async () => {
		const wrong = await updateBookingPolicy(
			clinic.db(),
			{ ...policy, slotStepMinutes: '7' },
			owner,
			context
		);
		expect(wrong.kind === 'invalid' && wrong.errors.slotStepMinutes).toMatch(/divide an hour/);
		expect(await updateBookingPolicy(clinic.db(), policy, owner, context)).toEqual({
			kind: 'saved'
		});
		const query = {
			serviceId: clinic.ids.service.followUp,
			practitionerId: clinic.ids.mei,
			from: localDate('2027-03-02'),
			to: localDate('2027-03-02')
		};
		const minutes = (await openSlots(clinic.db(), query)).map(
			(slot) => slot.start.toZonedDateTimeISO('America/Chicago').minute
		);
		expect(new Set(minutes)).toEqual(new Set([0, 30]));
		expect(
			await openSlots(clinic.db(), {
				...query,
				from: localDate('2027-03-20'),
				to: localDate('2027-03-20')
			})
		).toEqual([]);
		const events = await listAuditEvents(clinic.db());
		expect(events.find((event) => event.action === 'settings.booking_policy')?.after).toMatchObject(
			{
				slotStepMinutes: 30,
				bookingWindowDays: 7
			}
		);
	});

	it('saves a service, and one taken offline is no longer bookable online', async () => {
		const [first] = await listServices(clinic.db());
		const herbal = (await listServices(clinic.db())).find(
			(service) => service.slug === 'herbal-consultation'
		);
		expect(first).toBeDefined();
		const form = {
			id: String(herbal?.id),
			name: 'Herbal consultation',
			summary: 'A talk-through of your health and any herbal formula.',
			durationMinutes: '50',
			bufferBeforeMinutes: '0',
			bufferAfterMinutes: '10',
			price: '72.50',
			roomKind: ''
		};
		expect(
			await updateService(clinic.db(), { ...form, price: 'cheap' }, owner, context)
		).toMatchObject({
			kind: 'invalid'
		});
		expect(await updateService(clinic.db(), form, owner, context)).toEqual({ kind: 'saved' });
		const saved = (await listServices(clinic.db())).find((service) => service.id === herbal?.id);
		expect(saved).toMatchObject({ durationMinutes: 50, priceCents: 7250, bookableOnline: false });
		const offered = await findAvailability(
			clinic.db(),
			{
				serviceId: herbal?.id ?? 0,
				practitionerId: 'any',
				from: localDate('2027-03-02'),
				to: localDate('2027-03-03')
			},
			testNow
		);
		expect(offered.ok).toBe(false);
		expect(
			(await updateService(clinic.db(), form, { ...owner, role: 'front_desk' }, context)).kind
		).toBe('forbidden');
	});
});
