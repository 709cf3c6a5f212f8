import { describe, expect, it } from 'vitest';
import {
	book,
	bookOrFail,
	firstOpenSlot,
	inputFor,
	localDate,
	tokenOf,
	useDemoClinic
} from '../../../../tests/support/booking';
import { testDialects } from '../../../../tests/support/databases';

const dialects = await testDialects();

/*
 * Issue 12, "nothing readable at rest": the answer kept for an idempotent retry holds the
 * booking's manage link. It is sealed with a key derived from the client's Idempotency-Key and
 * found by that key's hash, so neither the key nor the link is stored in clear.
 */
describe.each(dialects)('idempotent answers at rest on %s', (dialect) => {
	const clinic = useDemoClinic(dialect);

	it('stores neither the key nor the manage link, and still replays the same answer', async () => {
		const slot = await firstOpenSlot(clinic.db(), {
			serviceId: clinic.ids.service.followUp,
			practitionerId: clinic.ids.mei,
			from: localDate('2027-03-08'),
			to: localDate('2027-03-12')
		});
		const input = inputFor(slot, clinic.ids.service.followUp, 'sealed');
		const key = 'retry-key-8c2f3a51-sealed';
		const first = await bookOrFail(clinic.db(), input, { idempotencyKey: key });
		const token = tokenOf(first.body.manageUrl);
		const rows = await clinic.db().selectFrom('idempotency_key').selectAll().execute();
		const stored = JSON.stringify(rows);
		expect(rows.length).toBeGreaterThan(0);
		expect(stored).not.toContain(token);
		expect(stored).not.toContain(key);
		// The appointment id stays readable for integrity checks.
		expect(stored).toContain(`\\"id\\":${first.body.id}`);

		const again = await book(clinic.db(), input, { idempotencyKey: key });
		expect(again).toMatchObject({ kind: 'booked', replayed: true });
		expect(again.kind === 'booked' && again.body.manageUrl).toBe(first.body.manageUrl);
	});
});
