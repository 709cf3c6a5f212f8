import type { OpenSlot } from '$lib/domain/scheduling';
import { describe, expect, it } from 'vitest';
import {
	firstOpenSlot,
	localDate,
	testNow,
	testOrigin,
	testPatient,
	useDemoClinic
} from '../../../../tests/support/booking';
import { testDialects } from '../../../../tests/support/databases';
import { loadConfig } from '../config';
import { housekeepingJobs } from './housekeeping-jobs';
import { confirmBooking } from './online-booking';
import { apiCreateBooking } from './public-api';

const dialects = await testDialects();

describe.each(dialects)('the booking rate limit on %s', (dialect) => {
	const clinic = useDemoClinic(dialect);
	/** The first time still open (asked afresh: a booking closes the times around it). */
	const nextSlot = () =>
		firstOpenSlot(clinic.db(), {
			serviceId: clinic.ids.service.followUp,
			practitionerId: clinic.ids.mei,
			from: localDate('2027-03-08'),
			to: localDate('2027-03-20')
		});
	const apiBody = (slot: OpenSlot, patient: string) =>
		JSON.stringify({
			serviceId: clinic.ids.service.followUp,
			practitionerId: slot.practitionerId,
			start: slot.start.toString(),
			patient: testPatient(patient),
			newPatient: false
		});
	const appointments = async () =>
		Number(
			(
				await clinic
					.db()
					.selectFrom('appointment')
					.select((eb) => eb.fn.countAll<number>().as('count'))
					.executeTakeFirstOrThrow()
			).count
		);

	it('an API client retrying at the limit gets its stored 201, not a 429', async () => {
		const rateLimit = { limit: 2, windowSeconds: 600 };
		const post = (rawBody: string, idempotencyKey: string, address = '198.51.100.7') =>
			apiCreateBooking(
				clinic.db(),
				{ rawBody, idempotencyKey, clientAddress: address },
				{ now: testNow, origin: testOrigin, rateLimit }
			);
		const first = apiBody(await nextSlot(), 'replay-1');
		const firstAnswer = await post(first, 'replay-key-0001');
		expect(firstAnswer.status).toBe(201);
		expect((await post(apiBody(await nextSlot(), 'replay-2'), 'replay-key-0002')).status).toBe(201);
		// The address has had its two bookings: a new one is refused...
		const third = await post(apiBody(await nextSlot(), 'replay-3'), 'replay-key-0003');
		expect(third.status).toBe(429);
		const count = await appointments();
		// ...but the first one's retry, same key and body, answers what it answered.
		const retry = await post(first, 'replay-key-0001');
		expect(retry.status).toBe(201);
		expect(retry.body).toEqual(firstAnswer.body);
		expect(retry.headers).toMatchObject({ 'Idempotent-Replayed': 'true' });
		// The same key with another body is still refused as reused, and neither booked anything.
		const reused = await post(apiBody(await nextSlot(), 'replay-other'), 'replay-key-0001');
		expect(reused.status).toBe(422);
		expect(await appointments()).toBe(count);
		// The retries did not count: still refused for a new booking, still replayed for the old.
		expect((await post(apiBody(await nextSlot(), 'replay-4'), 'replay-key-0004')).status).toBe(429);
	});

	it('a resubmitted booking form at the limit shows its booking, not "too many"', async () => {
		const slot = await nextSlot();
		const person = testPatient('form-replay');
		const form = {
			service: 'follow-up-acupuncture',
			practitioner: 'mei-lin-okafor',
			start: slot.start.toString(),
			name: person.name,
			email: person.email,
			phone: person.phone,
			newPatient: 'no',
			note: '',
			idempotencyKey: 'form-replay-key-1'
		};
		const context = {
			now: testNow,
			origin: testOrigin,
			clientAddress: '198.51.100.8',
			rateLimit: { limit: 1, windowSeconds: 600 }
		};
		const booked = await confirmBooking(clinic.db(), form, context);
		if (booked.kind !== 'booked') throw new Error(`expected a booking, got ${booked.kind}`);
		const other = await nextSlot();
		expect(
			await confirmBooking(
				clinic.db(),
				{ ...form, start: other.start.toString(), idempotencyKey: 'form-replay-key-2' },
				context
			)
		).toEqual({ kind: 'rate_limited' });
		expect(await confirmBooking(clinic.db(), form, context)).toEqual(booked);
	});

	it('BOOKING_RATE_LIMIT=3/86400 still refuses a fourth booking after the purge, two hours on', async () => {
		const config = loadConfig({ BOOKING_RATE_LIMIT: '3/86400' });
		const purge = housekeepingJobs(clinic.db(), config).find((job) =>
			job.name.startsWith('rate-limit')
		);
		if (!purge) throw new Error('no rate-limit purge job');
		const post = async (patient: string, now = testNow) =>
			(
				await apiCreateBooking(
					clinic.db(),
					{
						rawBody: apiBody(await nextSlot(), patient),
						idempotencyKey: `day-window-${patient}`,
						clientAddress: '198.51.100.9'
					},
					{ now, origin: testOrigin, rateLimit: config.bookingRateLimit }
				)
			).status;
		expect([await post('day-1'), await post('day-2'), await post('day-3')]).toEqual([
			201, 201, 201
		]);
		const twoHoursOn = testNow.add({ hours: 2 });
		await purge.run(twoHoursOn);
		expect(await post('day-4', twoHoursOn)).toBe(429);
		// A day on, the window has passed, the purge forgets the three, and the address may book.
		const dayOn = testNow.add({ hours: 24, minutes: 1 });
		await purge.run(dayOn);
		expect(await post('day-5', dayOn)).toBe(201);
	});
});
