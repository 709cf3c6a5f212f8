import { describe, expect, it } from 'vitest';
import { testDialects } from '../../../../tests/support/databases';
import {
	book,
	bookOrFail,
	firstOpenSlot,
	inputFor,
	localDate,
	testNow,
	testOrigin,
	tokenOf,
	useDemoClinic
} from '../../../../tests/support/booking';
import { rescheduleByToken } from './manage-appointment';

const dialects = await testDialects();

describe.each(dialects)('booking edges on %s', (dialect) => {
	const clinic = useDemoClinic(dialect);

	const patientRows = (email: string) =>
		clinic
			.db()
			.selectFrom('patient')
			.select(['id', 'name'])
			.where('email_normalized', '=', email)
			.execute();
	const identityRows = (email: string) =>
		clinic
			.db()
			.selectFrom('patient')
			.select(['id', 'identity_status', 'possible_match_patient_id'])
			.where('email_normalized', '=', email)
			.orderBy('id')
			.execute();

	// Issue 12 changed this rule: an online booking no longer joins an existing record (a
	// booking proves nothing about who booked). Concurrent first bookings by one person still
	// end with exactly one confirmed record; every other booking has an unconfirmed record of
	// its own pointing at it, for the emailed link or staff to join.
	it('concurrent first bookings by one person make one confirmed record, the others its possible matches', async () => {
		const slot = await firstOpenSlot(clinic.db(), {
			serviceId: clinic.ids.service.followUp,
			practitionerId: 'any',
			from: localDate('2027-03-08'),
			to: localDate('2027-03-12')
		});
		const sameAnn = { name: 'Ann  Lee', email: 'Ann@Example.com', phone: '(414) 555-0100' };
		await Promise.all(
			Array.from({ length: 10 }, (_, index) =>
				book(clinic.db(), {
					...inputFor(slot, clinic.ids.service.followUp, index),
					start: slot.start.add({ hours: 24 * 7 * (index % 2) }),
					patient: index % 2 ? sameAnn : { ...sameAnn, name: 'ann lee' }
				})
			)
		);
		const rows = await identityRows('ann@example.com');
		const appointments = await clinic
			.db()
			.selectFrom('appointment')
			.select('id')
			.where(
				'patient_id',
				'in',
				rows.map((row) => row.id)
			)
			.execute();
		// One record per booking made, never one shared silently.
		expect(rows).toHaveLength(appointments.length);
		const confirmed = rows.filter((row) => row.identity_status === 'confirmed');
		expect(confirmed).toHaveLength(1);
		for (const row of rows.filter((entry) => entry.identity_status === 'unconfirmed')) {
			expect(row.possible_match_patient_id).toBe(confirmed[0]?.id);
		}
	});

	it('a family sharing an email are separate patients', async () => {
		const slot = await firstOpenSlot(clinic.db(), {
			serviceId: clinic.ids.service.followUp,
			practitionerId: 'any',
			from: localDate('2027-03-15'),
			to: localDate('2027-03-19')
		});
		await bookOrFail(clinic.db(), {
			...inputFor(slot, clinic.ids.service.followUp, 'parent'),
			patient: { name: 'Sam Ortiz', email: 'ortiz@example.com', phone: '(414) 555-0101' }
		});
		const next = await firstOpenSlot(clinic.db(), {
			serviceId: clinic.ids.service.followUp,
			practitionerId: 'any',
			from: localDate('2027-03-22'),
			to: localDate('2027-03-26')
		});
		await bookOrFail(clinic.db(), {
			...inputFor(next, clinic.ids.service.followUp, 'child'),
			patient: { name: 'Lia Ortiz', email: 'ortiz@example.com', phone: '(414) 555-0101' }
		});
		const rows = await patientRows('ortiz@example.com');
		expect(rows.map((row) => row.name).sort()).toEqual(['Lia Ortiz', 'Sam Ortiz']);
	});

	it('rescheduling to the time it already has changes nothing and sends nothing', async () => {
		const slot = await firstOpenSlot(clinic.db(), {
			serviceId: clinic.ids.service.followUp,
			practitionerId: clinic.ids.mei,
			from: localDate('2027-04-05'),
			to: localDate('2027-04-09')
		});
		const booked = await bookOrFail(
			clinic.db(),
			inputFor(slot, clinic.ids.service.followUp, 'same-time')
		);
		const messagesBefore = await clinic
			.db()
			.selectFrom('outbox_message')
			.select('id')
			.where('appointment_id', '=', booked.body.id)
			.execute();
		const result = await rescheduleByToken(
			clinic.db(),
			tokenOf(booked.body.manageUrl),
			{ start: slot.start, practitionerId: clinic.ids.mei },
			{ now: testNow, origin: testOrigin }
		);
		expect(result.kind).toBe('moved');
		const row = await clinic
			.db()
			.selectFrom('appointment')
			.select('sequence')
			.where('id', '=', booked.body.id)
			.executeTakeFirstOrThrow();
		expect(row.sequence).toBe(0);
		const messagesAfter = await clinic
			.db()
			.selectFrom('outbox_message')
			.select('id')
			.where('appointment_id', '=', booked.body.id)
			.execute();
		expect(messagesAfter).toHaveLength(messagesBefore.length);
	});

	it('a time far beyond the booking window is refused with alternatives near its end', async () => {
		const farAway = testNow.add({ hours: 24 * 200 });
		const result = await book(clinic.db(), {
			...inputFor({ start: farAway, practitionerId: 'any' }, clinic.ids.service.followUp, 'far')
		});
		expect(result.kind).toBe('slot_taken');
		if (result.kind !== 'slot_taken') return;
		expect(result.reason).toBe('too_far_ahead');
		expect(result.alternatives.length).toBeGreaterThan(0);
		const windowEnd = testNow.add({ hours: 24 * 61 });
		for (const alternative of result.alternatives) {
			expect(alternative.start.epochMilliseconds).toBeLessThan(windowEnd.epochMilliseconds);
		}
	});

	it('a time inside the minimum notice is refused with alternatives after it', async () => {
		const result = await book(clinic.db(), {
			...inputFor(
				{ start: testNow.add({ minutes: 30 }), practitionerId: 'any' },
				clinic.ids.service.followUp,
				'soon'
			)
		});
		expect(result.kind).toBe('slot_taken');
		if (result.kind !== 'slot_taken') return;
		expect(result.alternatives.length).toBeGreaterThan(0);
		for (const alternative of result.alternatives) {
			expect(alternative.start.epochMilliseconds).toBeGreaterThanOrEqual(
				testNow.add({ hours: 2 }).epochMilliseconds
			);
		}
	});
});
