import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import {
	book,
	bookOrFail,
	clinicTime,
	countRows,
	firstOpenSlot,
	inputFor,
	localDate,
	offers,
	openSlots,
	testNow,
	useDemoClinic
} from '../../../../tests/support/booking';
import { testDialects } from '../../../../tests/support/databases';
import { findAppointment } from '../db/repositories/appointment-repository';
import type { BookingResult } from './book-appointment';

const dialects = await testDialects();

describe.each(dialects)('bookAppointment on %s', (dialect) => {
	const clinic = useDemoClinic(dialect);

	const db = clinic.db;

	describe('a booking', () => {
		it('stores the offered slot with a room, and the slot is no longer offered', async () => {
			const query = {
				serviceId: clinic.ids.service.initial,
				practitionerId: clinic.ids.mei,
				from: localDate('2027-03-02'),
				to: localDate('2027-03-02')
			} as const;
			const slot = await firstOpenSlot(db(), query);
			const result = await bookOrFail(
				db(),
				inputFor(slot, clinic.ids.service.initial, 'plain', { note: 'Lower back, since spring' })
			);
			expect(result.replayed).toBe(false);
			expect(Temporal.Instant.from(result.body.start).equals(slot.start)).toBe(true);
			expect(Temporal.Instant.from(result.body.end).equals(slot.start.add({ minutes: 90 }))).toBe(
				true
			);
			expect(result.body).toMatchObject({
				status: 'booked',
				practitionerId: clinic.ids.mei,
				locationId: clinic.ids.locationId
			});
			expect(result.body.manageUrl).toMatch(/^https:\/\/clinic\.example\/manage\/[\w-]{43}$/);
			const stored = await findAppointment(db(), result.body.id);
			expect(stored).toMatchObject({
				status: 'booked',
				roomId: clinic.ids.rooms[0],
				sequence: 0,
				isNewPatient: true,
				note: 'Lower back, since spring',
				source: 'online'
			});
			// The manage token itself is never stored, only its hash.
			const token = result.body.manageUrl.split('/').pop() ?? '';
			const row = await db()
				.selectFrom('appointment')
				.select('manage_token_hash')
				.where('id', '=', result.body.id)
				.executeTakeFirstOrThrow();
			expect(row.manage_token_hash).not.toContain(token);
			expect(offers(await openSlots(db(), query), slot.start, clinic.ids.mei)).toBe(false);
		});
	});

	describe('idempotency', () => {
		it('answers a repeated request with the same key with the same booking', async () => {
			const slot = await firstOpenSlot(db(), {
				serviceId: clinic.ids.service.followUp,
				practitionerId: clinic.ids.daniel,
				from: localDate('2027-03-05'),
				to: localDate('2027-03-05')
			});
			const input = inputFor(slot, clinic.ids.service.followUp, 'retry', { newPatient: false });
			const before = await countRows(db(), 'appointment');
			const first = await bookOrFail(db(), input, { idempotencyKey: 'key-sequential' });
			// A retry a little later (the clock moved on) is still the same request.
			const second = await bookOrFail(db(), input, {
				idempotencyKey: 'key-sequential',
				now: testNow.add({ seconds: 30 })
			});
			expect(first.replayed).toBe(false);
			expect(second.replayed).toBe(true);
			expect(second.body).toEqual(first.body);
			expect(await countRows(db(), 'appointment')).toBe(before + 1);
		});

		it('books once when ten requests with the same key arrive together', async () => {
			const slot = await firstOpenSlot(db(), {
				serviceId: clinic.ids.service.followUp,
				practitionerId: clinic.ids.daniel,
				from: localDate('2027-03-11'),
				to: localDate('2027-03-11')
			});
			const input = inputFor(slot, clinic.ids.service.followUp, 'double-click', {
				newPatient: false
			});
			const before = await countRows(db(), 'appointment');
			const outboxBefore = await countRows(db(), 'outbox_message');
			const results = await Promise.all(
				Array.from({ length: 10 }, () => book(db(), input, { idempotencyKey: 'key-concurrent' }))
			);
			const booked = results.filter(
				(result): result is Extract<BookingResult, { kind: 'booked' }> => result.kind === 'booked'
			);
			expect(booked).toHaveLength(10);
			expect(booked.filter((result) => !result.replayed)).toHaveLength(1);
			for (const result of booked) expect(result.body).toEqual(booked[0]?.body);
			expect(await countRows(db(), 'appointment')).toBe(before + 1);
			// One confirmation and one reminder: no duplicate emails either.
			expect(await countRows(db(), 'outbox_message')).toBe(outboxBefore + 2);
		});

		it('refuses a key reused for a different request, and keeps the first booking', async () => {
			const slots = await openSlots(db(), {
				serviceId: clinic.ids.service.followUp,
				practitionerId: clinic.ids.daniel,
				from: localDate('2027-03-12'),
				to: localDate('2027-03-12')
			});
			const [slot, later] = [slots[0], slots[8]];
			if (!slot || !later) throw new Error('expected open slots');
			const input = inputFor(slot, clinic.ids.service.followUp, 'reuse', { newPatient: false });
			const first = await bookOrFail(db(), input, { idempotencyKey: 'key-reused' });
			const before = await countRows(db(), 'appointment');
			const variants = [
				{ ...input, start: later.start },
				{ ...input, note: 'something else' },
				{ ...input, patient: { ...input.patient, email: 'someone-else@example.com' } }
			];
			for (const variant of variants) {
				expect(await book(db(), variant, { idempotencyKey: 'key-reused' })).toEqual({
					kind: 'key_reused'
				});
			}
			expect(await countRows(db(), 'appointment')).toBe(before);
			// The original request still replays.
			const again = await bookOrFail(db(), input, { idempotencyKey: 'key-reused' });
			expect(again).toEqual({ ...first, replayed: true });
		});

		it('does not hold a key for a refused request, so a corrected retry can book', async () => {
			const slot = await firstOpenSlot(db(), {
				serviceId: clinic.ids.service.followUp,
				practitionerId: clinic.ids.daniel,
				from: localDate('2027-03-16'),
				to: localDate('2027-03-16')
			});
			await bookOrFail(db(), inputFor(slot, clinic.ids.service.followUp, 'first-come'));
			const refused = await book(db(), inputFor(slot, clinic.ids.service.followUp, 'second-come'), {
				idempotencyKey: 'key-after-refusal'
			});
			expect(refused.kind).toBe('slot_taken');
			// The same request again is evaluated again (still taken), not answered from the key.
			expect(
				(
					await book(db(), inputFor(slot, clinic.ids.service.followUp, 'second-come'), {
						idempotencyKey: 'key-after-refusal'
					})
				).kind
			).toBe('slot_taken');
		});
	});

	describe('invalid requests', () => {
		const start = () => clinicTime('2027-03-08T10:00');

		it('names the field for an unknown service', async () => {
			const result = await book(
				db(),
				inputFor({ start: start(), practitionerId: clinic.ids.mei }, 987654, 'unknown-service')
			);
			expect(result.kind).toBe('invalid');
			expect(result.kind === 'invalid' && Object.keys(result.errors)).toContain('serviceId');
		});

		it('names the practitioner who does not offer the service', async () => {
			for (const [serviceId, practitionerId] of [
				[clinic.ids.service.herbal, clinic.ids.daniel],
				[clinic.ids.service.massage, clinic.ids.mei],
				[clinic.ids.service.initial, 987654]
			] as const) {
				const result = await book(
					db(),
					inputFor({ start: start(), practitionerId }, serviceId, 'not-offered')
				);
				expect(result).toEqual({
					kind: 'invalid',
					errors: { practitionerId: expect.any(String) }
				});
			}
		});

		it('sends a returning patient to a follow-up instead of the new-patient visit', async () => {
			const result = await book(
				db(),
				inputFor(
					{ start: start(), practitionerId: clinic.ids.mei },
					clinic.ids.service.initial,
					'returning',
					{
						newPatient: false
					}
				)
			);
			expect(result).toEqual({
				kind: 'invalid',
				errors: { serviceId: expect.stringMatching(/follow-up/) }
			});
		});

		it('names an unknown location', async () => {
			const result = await book(
				db(),
				inputFor(
					{ start: start(), practitionerId: clinic.ids.mei },
					clinic.ids.service.initial,
					'nowhere',
					{
						locationId: 987654
					}
				)
			);
			expect(result).toEqual({ kind: 'invalid', errors: { locationId: expect.any(String) } });
		});

		it('stores nothing for an invalid request', async () => {
			const appointments = await countRows(db(), 'appointment');
			const patients = await countRows(db(), 'patient');
			await book(
				db(),
				inputFor({ start: start(), practitionerId: clinic.ids.mei }, 987654, 'stores-nothing')
			);
			expect(await countRows(db(), 'appointment')).toBe(appointments);
			expect(await countRows(db(), 'patient')).toBe(patients);
		});
	});

	describe('times that cannot be booked', () => {
		const refusal = async (startAt: string, practitionerId: number | 'any' = clinic.ids.mei) => {
			const result = await book(
				db(),
				inputFor(
					{ start: clinicTime(startAt), practitionerId },
					clinic.ids.service.initial,
					startAt
				)
			);
			if (result.kind !== 'slot_taken') {
				throw new Error(`expected slot_taken for ${startAt}, got ${JSON.stringify(result)}`);
			}
			for (const alternative of result.alternatives) {
				expect(
					offers(
						await openSlots(db(), {
							serviceId: clinic.ids.service.initial,
							practitionerId: alternative.practitionerId,
							from: alternative.start.toZonedDateTimeISO('America/Chicago').toPlainDate(),
							to: alternative.start.toZonedDateTimeISO('America/Chicago').toPlainDate()
						}),
						alternative.start,
						alternative.practitionerId
					)
				).toBe(true);
			}
			return result;
		};

		it('refuses a start outside working hours, with open alternatives', async () => {
			// Mei works Mondays 9 to 5; 7 am and a Sunday are outside, as is a visit that would
			// run past 5 pm.
			for (const startAt of ['2027-03-08T07:00', '2027-03-07T10:00', '2027-03-08T16:00']) {
				const result = await refusal(startAt);
				expect(result.reason).toBe('outside_hours');
				expect(result.alternatives.length).toBeGreaterThan(0);
			}
		});

		it('refuses a start inside the minimum notice, and one in the past', async () => {
			// now is 9:00 am on Monday 1 March; two hours' notice are needed.
			for (const startAt of ['2027-03-01T10:00', '2027-03-01T10:45', '2026-12-01T10:00']) {
				const result = await refusal(startAt);
				expect(result.reason).toBe('too_soon');
			}
			const soon = await refusal('2027-03-01T10:00');
			expect(soon.alternatives.length).toBeGreaterThan(0);
			const earliest = testNow.add({ minutes: 120 });
			for (const alternative of soon.alternatives) {
				expect(alternative.start.epochMilliseconds).toBeGreaterThanOrEqual(
					earliest.epochMilliseconds
				);
			}
		});

		it('refuses a start beyond the 60-day booking window', async () => {
			// The window ends on Friday 30 April 2027; Monday 3 May is past it.
			const result = await refusal('2027-05-03T10:00');
			expect(result.reason).toBe('too_far_ahead');
			expect(result.alternatives.length).toBeGreaterThan(0);
			const lastDay = localDate('2027-04-30');
			for (const alternative of result.alternatives) {
				const date = alternative.start.toZonedDateTimeISO('America/Chicago').toPlainDate();
				expect(date.until(lastDay).days).toBeGreaterThanOrEqual(0);
			}
			// Far beyond the window it is still an answer, never an exception.
			expect((await refusal('2028-01-10T10:00')).reason).toBe('too_far_ahead');
			expect((await refusal('2027-06-07T10:00', 'any')).reason).toBe('too_far_ahead');
		});

		it('refuses a taken time for "any practitioner" when everyone offering it is busy', async () => {
			// Monday: only Mei works and offers the initial visit.
			const slot = await firstOpenSlot(db(), {
				serviceId: clinic.ids.service.initial,
				practitionerId: 'any',
				from: localDate('2027-03-22'),
				to: localDate('2027-03-22')
			});
			await bookOrFail(db(), inputFor(slot, clinic.ids.service.initial, 'any-1'));
			const result = await book(
				db(),
				inputFor(slot, clinic.ids.service.initial, 'any-2', { practitionerId: 'any' })
			);
			expect(result.kind === 'slot_taken' && result.reason).toBe('practitioner_busy');
			expect(result.kind === 'slot_taken' && result.alternatives.length).toBeGreaterThan(0);
		});
	});
});
