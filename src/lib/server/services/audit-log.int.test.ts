import { describe, expect, it } from 'vitest';
import {
	bookOrFail,
	firstOpenSlot,
	inputFor,
	localDate,
	testNow,
	useDemoClinic
} from '../../../../tests/support/booking';
import { testDialects } from '../../../../tests/support/databases';
import { loadAuditLog } from './audit-log';
import type { StaffActor } from './audit';

const dialects = await testDialects();
const owner: StaffActor = { userId: 'owner-1', name: 'Olive Owner', role: 'owner' };
const context = { now: testNow, request: { ip: '192.0.2.3', requestId: 'r' } };

describe.each(dialects)('reading the audit log on %s', (dialect) => {
	const clinic = useDemoClinic(dialect);

	it('is for the owner only', async () => {
		for (const role of ['practitioner', 'front_desk'] as const) {
			const result = await loadAuditLog(clinic.db(), {}, { ...owner, role }, context);
			expect(result.kind, role).toBe('forbidden');
		}
	});

	it('filters by patient, person and dates, and records its own reading', async () => {
		const slot = await firstOpenSlot(clinic.db(), {
			serviceId: clinic.ids.service.followUp,
			practitionerId: 'any',
			from: localDate('2027-03-08'),
			to: localDate('2027-03-12')
		});
		const booked = await bookOrFail(
			clinic.db(),
			inputFor(slot, clinic.ids.service.followUp, 'audited')
		);
		const patient = await clinic
			.db()
			.selectFrom('appointment')
			.select('patient_id')
			.where('id', '=', booked.body.id)
			.executeTakeFirstOrThrow();

		const byPatient = await loadAuditLog(
			clinic.db(),
			{ patient: String(patient.patient_id) },
			owner,
			context
		);
		expect(byPatient.kind === 'ok' && byPatient.events.map((event) => event.action)).toEqual([
			'appointment.book'
		]);
		const byPerson = await loadAuditLog(clinic.db(), { person: 'online booking' }, owner, context);
		expect(byPerson.kind === 'ok' && byPerson.events.length).toBeGreaterThan(0);
		const before = await loadAuditLog(clinic.db(), { to: '2027-02-28' }, owner, context);
		expect(before.kind === 'ok' && before.events).toEqual([]);

		const reads = await loadAuditLog(clinic.db(), { person: 'Olive Owner' }, owner, context);
		expect(
			reads.kind === 'ok' && reads.events.every((event) => event.action === 'audit.view')
		).toBe(true);
		expect(reads.kind === 'ok' && reads.events.length).toBeGreaterThanOrEqual(3);
	});
});
