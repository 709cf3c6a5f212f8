import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import type { OpenSlot } from '$lib/domain/scheduling';
import {
	book,
	countRows,
	heldSpans,
	inputFor,
	localDate,
	openSlots,
	openSlotsOver,
	overlappingPairs,
	useDemoClinic
} from '../../../../tests/support/booking';
import { testDialects } from '../../../../tests/support/databases';
import type { BookingResult } from './book-appointment';

/*
 * "Concurrent requests for the same or overlapping slots end with exactly one booking, and the
 * others get a clear 'that time was just taken' with alternatives." On SQLite every request
 * shares the one connection of the process; on PostgreSQL they race over a pool of ten.
 */

const dialects = await testDialects();

function tally(results: BookingResult[]) {
	const counts = { booked: 0, slot_taken: 0, invalid: 0, key_reused: 0 };
	for (const result of results) counts[result.kind]++;
	return counts;
}

/** "overlap ×12, practitioner_busy ×87": who refused, the database or the pre-check. */
function reasons(results: BookingResult[]): string {
	const counts = new Map<string, number>();
	for (const result of results) {
		if (result.kind === 'slot_taken')
			counts.set(result.reason, (counts.get(result.reason) ?? 0) + 1);
	}
	return [...counts].map(([reason, count]) => `${reason} ×${count}`).join(', ');
}

/** Non-overlapping slots (buffers included) of one practitioner, earliest first. */
function spacedSlots(slots: readonly OpenSlot[], heldMinutes: number): OpenSlot[] {
	const chosen: OpenSlot[] = [];
	let freeFrom = -Infinity;
	for (const slot of [...slots].sort(
		(a, b) => a.start.epochMilliseconds - b.start.epochMilliseconds
	)) {
		if (slot.start.epochMilliseconds < freeFrom) continue;
		chosen.push(slot);
		freeFrom = slot.start.epochMilliseconds + heldMinutes * 60_000;
	}
	return chosen;
}

describe.each(dialects)('concurrent bookings on %s', (dialect) => {
	const clinic = useDemoClinic(dialect);

	const db = clinic.db;

	it('books a slot wanted by 100 patients at once exactly once; the 99 others get alternatives', async () => {
		const [slot] = await openSlots(db(), {
			serviceId: clinic.ids.service.initial,
			practitionerId: clinic.ids.mei,
			from: localDate('2027-03-03'),
			to: localDate('2027-03-03')
		});
		if (!slot) throw new Error('expected an open slot');
		// The demo clinic comes with past appointments; count what this race adds.
		const appointmentsBefore = await countRows(db(), 'appointment');
		const messagesBefore = await countRows(db(), 'outbox_message');
		const started = performance.now();
		const results = await Promise.all(
			Array.from({ length: 100 }, (_, n) =>
				book(db(), inputFor(slot, clinic.ids.service.initial, `same-${n}`))
			)
		);
		const elapsed = performance.now() - started;
		console.log(
			`[${dialect}] 100 concurrent requests for one slot: ${elapsed.toFixed(0)} ms ` +
				`(${((100 / elapsed) * 1000).toFixed(0)} requests/s); refusals: ${reasons(results)}`
		);
		expect(tally(results)).toEqual({ booked: 1, slot_taken: 99, invalid: 0, key_reused: 0 });
		for (const result of results) {
			if (result.kind !== 'slot_taken') continue;
			expect(['overlap', 'practitioner_busy', 'no_room']).toContain(result.reason);
			expect(result.alternatives.length).toBeGreaterThan(0);
			// The refused time itself is never offered back.
			expect(
				result.alternatives.some(
					(alternative) =>
						alternative.practitionerId === clinic.ids.mei && alternative.start.equals(slot.start)
				)
			).toBe(false);
		}
		const booked = results.find((result) => result.kind === 'booked');
		if (booked?.kind !== 'booked') throw new Error('expected one booking');
		expect(Temporal.Instant.from(booked.body.start).equals(slot.start)).toBe(true);
		expect(await countRows(db(), 'appointment')).toBe(appointmentsBefore + 1);
		// One confirmation and one reminder, for the one booking.
		expect(await countRows(db(), 'outbox_message')).toBe(messagesBefore + 2);
	});

	it('never books overlapping times for 100 racing requests at starts 15 minutes apart', async () => {
		const day = await openSlots(db(), {
			serviceId: clinic.ids.service.initial,
			practitionerId: clinic.ids.mei,
			from: localDate('2027-03-08'),
			to: localDate('2027-03-08')
		});
		// 09:00 to 10:30: every start is within 90 minutes of every other.
		const starts = day.slice(0, 7);
		expect(starts).toHaveLength(7);
		expect(starts.at(-1)!.start.epochMilliseconds - starts[0]!.start.epochMilliseconds).toBe(
			90 * 60_000
		);
		const before = await countRows(db(), 'appointment');
		const results = await Promise.all(
			Array.from({ length: 100 }, (_, n) =>
				book(db(), inputFor(starts[n % starts.length]!, clinic.ids.service.initial, `near-${n}`))
			)
		);
		const counts = tally(results);
		console.log(`[${dialect}] 100 requests at 7 nearby starts; refusals: ${reasons(results)}`);
		// 90 minutes plus 15 of buffer: any two of these starts overlap, so one booking only.
		expect(counts).toEqual({ booked: 1, slot_taken: 99, invalid: 0, key_reused: 0 });
		expect(await countRows(db(), 'appointment')).toBe(before + 1);
		expect(await overlappingPairs(db())).toEqual([]);
	});

	it('keeps practitioners and rooms apart when 100 requests race over a whole day', async () => {
		// Tuesday: Mei and Daniel both work, sharing the two treatment rooms, some asked for
		// by name and some for "any practitioner".
		const date = localDate('2027-03-09');
		const slots = await openSlots(db(), {
			serviceId: clinic.ids.service.initial,
			practitionerId: 'any',
			from: date,
			to: date
		});
		expect(new Set(slots.map((slot) => slot.practitionerId))).toEqual(
			new Set([clinic.ids.mei, clinic.ids.daniel])
		);
		const before = await countRows(db(), 'appointment');
		const results = await Promise.all(
			Array.from({ length: 100 }, (_, n) => {
				const slot = slots[(n * 7) % slots.length]!;
				return book(
					db(),
					inputFor(slot, clinic.ids.service.initial, `day-${n}`, {
						practitionerId: n % 3 === 0 ? 'any' : slot.practitionerId
					})
				);
			})
		);
		const counts = tally(results);
		expect(counts.invalid + counts.key_reused).toBe(0);
		expect(counts.booked).toBeGreaterThan(1);
		expect(await countRows(db(), 'appointment')).toBe(before + counts.booked);
		expect(await overlappingPairs(db())).toEqual([]);
		const spans = await heldSpans(db());
		expect(spans.every((span) => span.roomId !== null)).toBe(true);
	});

	it('books 100 distinct slots over several weeks (throughput printed, not asserted)', async () => {
		const from = localDate('2027-03-15');
		const herbal = await openSlotsOver(
			db(),
			{ serviceId: clinic.ids.service.herbal, practitionerId: clinic.ids.mei },
			from,
			42
		);
		const followUp = await openSlotsOver(
			db(),
			{ serviceId: clinic.ids.service.followUp, practitionerId: clinic.ids.daniel },
			from,
			42
		);
		// Mei's herbal consultations need no room, so only Daniel's visits use the rooms and no
		// two of the chosen slots compete for anything: all 100 must be booked.
		const wanted = [
			...spacedSlots(herbal, 45 + 10).map((slot) => ({
				slot,
				serviceId: clinic.ids.service.herbal
			})),
			...spacedSlots(followUp, 60 + 15).map((slot) => ({
				slot,
				serviceId: clinic.ids.service.followUp
			}))
		]
			.sort((a, b) => a.slot.start.epochMilliseconds - b.slot.start.epochMilliseconds)
			.slice(0, 100);
		expect(wanted).toHaveLength(100);
		const before = await countRows(db(), 'appointment');
		const started = performance.now();
		const results = await Promise.all(
			wanted.map(({ slot, serviceId }, n) => book(db(), inputFor(slot, serviceId, `distinct-${n}`)))
		);
		const elapsed = performance.now() - started;
		const last = wanted.at(-1)!.slot.start.toZonedDateTimeISO('America/Chicago').toPlainDate();
		console.log(
			`[${dialect}] 100 distinct slots (${from} to ${last}), booked concurrently: ` +
				`${elapsed.toFixed(0)} ms, ${((100 / elapsed) * 1000).toFixed(1)} bookings/s`
		);
		expect(tally(results)).toEqual({ booked: 100, slot_taken: 0, invalid: 0, key_reused: 0 });
		expect(await countRows(db(), 'appointment')).toBe(before + 100);
		expect(await overlappingPairs(db())).toEqual([]);
	});
});
