import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
	bookOrFail,
	firstOpenSlot,
	inputFor,
	localDate,
	testNow,
	testOrigin,
	tokenOf,
	useDemoClinic
} from '../../../../tests/support/booking';
import { testDialects } from '../../../../tests/support/databases';
import { cancelByToken, rescheduleByToken } from '../services/manage-appointment';
import { appendAuditEvent, listAuditEvents } from './repositories/audit-repository';

const dialects = await testDialects();

describe.each(dialects)('the audit log on %s', (dialect) => {
	const clinic = useDemoClinic(dialect);

	it('records a booking, a reschedule and a cancellation with before and after', async () => {
		const query = {
			serviceId: clinic.ids.service.followUp,
			practitionerId: clinic.ids.mei,
			from: localDate('2027-03-08'),
			to: localDate('2027-03-12')
		};
		const slot = await firstOpenSlot(clinic.db(), query);
		const booked = await bookOrFail(
			clinic.db(),
			inputFor(slot, clinic.ids.service.followUp, 'audit')
		);
		const token = tokenOf(booked.body.manageUrl);
		const later = await firstOpenSlot(clinic.db(), {
			...query,
			from: localDate('2027-03-15'),
			to: localDate('2027-03-19')
		});
		const context = {
			now: testNow,
			origin: testOrigin,
			request: { ip: '192.0.2.7', requestId: 'req-1' }
		};
		expect(
			(
				await rescheduleByToken(
					clinic.db(),
					token,
					{ start: later.start, practitionerId: clinic.ids.mei },
					context
				)
			).kind
		).toBe('moved');
		expect((await cancelByToken(clinic.db(), token, context)).kind).toBe('cancelled');

		const events = await listAuditEvents(clinic.db());
		const forThis = events.filter((event) => event.subject?.id === String(booked.body.id));
		expect(forThis.map((event) => event.action)).toEqual([
			'appointment.cancel',
			'appointment.reschedule',
			'appointment.book'
		]);
		const [cancel, reschedule, book] = forThis;
		expect(book?.actor).toEqual({ type: 'patient', id: null, label: 'online booking form' });
		expect(book?.after).toMatchObject({ status: 'booked', start: slot.start.toString() });
		expect(reschedule?.before).toMatchObject({ start: slot.start.toString() });
		expect(reschedule?.after).toMatchObject({ start: later.start.toString(), sequence: 1 });
		expect(reschedule?.ip).toBe('192.0.2.7');
		expect(cancel?.after).toMatchObject({ status: 'cancelled', sequence: 2 });
		expect(new Set(forThis.map((event) => event.patientId)).size).toBe(1);
	});

	it('refuses to change or delete what was recorded', async () => {
		await appendAuditEvent(clinic.db(), {
			at: testNow,
			actor: { type: 'system', label: 'test' },
			action: 'test.event'
		});
		await expect(
			clinic.db().updateTable('audit_event').set({ action: 'rewritten' }).execute()
		).rejects.toThrow(/audit_log_is_append_only/);
		await expect(clinic.db().deleteFrom('audit_event').execute()).rejects.toThrow(
			/audit_log_is_append_only/
		);
		if (dialect === 'postgres') {
			await expect(sql`truncate audit_event`.execute(clinic.db())).rejects.toThrow(
				/audit_log_is_append_only/
			);
		}
		const events = await listAuditEvents(clinic.db());
		expect(events.some((event) => event.action === 'test.event')).toBe(true);
		expect(events.some((event) => event.action === 'rewritten')).toBe(false);
	});
});
