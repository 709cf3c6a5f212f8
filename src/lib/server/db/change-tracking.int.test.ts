import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
	bookOrFail,
	book,
	firstOpenSlot,
	inputFor,
	localDate,
	testNow,
	useDemoClinic
} from '../../../../tests/support/booking';
import { testDialects } from '../../../../tests/support/databases';
import { withinFormRateLimit } from '../services/rate-limit';
import { watchChanges } from './change-tracking';

const dialects = await testDialects();

describe.each(dialects)('which requests change what visitors see, on %s', (dialect) => {
	const clinic = useDemoClinic(dialect);
	const slotOn = (date: string) =>
		firstOpenSlot(clinic.db(), {
			serviceId: clinic.ids.service.followUp,
			practitionerId: 'any',
			from: localDate(date),
			to: localDate(date)
		});

	it('a booking is a change', async () => {
		const slot = await slotOn('2027-03-09');
		const { changed } = await watchChanges(() =>
			bookOrFail(clinic.db(), inputFor(slot, clinic.ids.service.followUp, 'watched-1'))
		);
		expect(changed).toBe(true);
	});

	it('a refused booking, counted by the form limit, is not', async () => {
		const slot = await slotOn('2027-03-10');
		await bookOrFail(clinic.db(), inputFor(slot, clinic.ids.service.followUp, 'watched-2'));
		// The same slot again, as a second visitor's post: counted, then refused.
		const refused = await watchChanges(async () => {
			const allowed = await withinFormRateLimit(
				clinic.db(),
				{ form: '/(public)/book', clientAddress: '203.0.113.9', token: null },
				{ limit: 10, windowSeconds: 60, now: testNow }
			);
			expect(allowed).toBe(true);
			return book(clinic.db(), inputFor(slot, clinic.ids.service.followUp, 'watched-3'));
		});
		expect(refused.result.kind).not.toBe('booked');
		expect(refused.changed).toBe(false);
	});

	it('a raw statement that writes is a change; a read is not', async () => {
		const read = await watchChanges(() =>
			sql`select count(*) as n from service`.execute(clinic.db())
		);
		expect(read.changed).toBe(false);
		const write = await watchChanges(() =>
			sql`update service set name = name where id = ${clinic.ids.service.followUp}`.execute(
				clinic.db()
			)
		);
		expect(write.changed).toBe(true);
	});

	it('writes outside a watched request are not counted against the next one', async () => {
		await clinic
			.db()
			.updateTable('service')
			.set({ name: 'Initial visit' })
			.where('id', '=', -1)
			.execute();
		const { changed } = await watchChanges(async () => null);
		expect(changed).toBe(false);
	});
});
