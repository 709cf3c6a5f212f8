import { describe, expect, it } from 'vitest';
import {
	bookOrFail,
	firstOpenSlot,
	inputFor,
	localDate,
	testNow,
	testOrigin,
	useDemoClinic
} from '../../../../tests/support/booking';
import { testDialects } from '../../../../tests/support/databases';
import { listAuditEvents } from '../db/repositories/audit-repository';
import {
	changeAppointment,
	loadDayCalendar,
	loadStaffAppointment,
	loadWeekCalendar
} from './staff-calendar';
import type { StaffActor } from './audit';

const dialects = await testDialects();
const desk: StaffActor = { userId: 'desk-1', name: 'Front Desk', role: 'front_desk' };
const practitioner: StaffActor = { userId: 'prac-1', name: 'Mei Lin', role: 'practitioner' };
const context = { now: testNow, origin: testOrigin, request: { ip: '192.0.2.9', requestId: 'r1' } };

describe.each(dialects)('the staff calendar on %s', (dialect) => {
	const clinic = useDemoClinic(dialect);

	async function bookOne(patient: string) {
		const slot = await firstOpenSlot(clinic.db(), {
			serviceId: clinic.ids.service.followUp,
			practitionerId: clinic.ids.mei,
			from: localDate('2027-03-08'),
			to: localDate('2027-03-12')
		});
		return bookOrFail(clinic.db(), {
			...inputFor(slot, clinic.ids.service.followUp, patient),
			note: 'Sciatica down the left leg'
		});
	}

	it('shows the day by practitioner, with the appointment spanning its rows, and audits the view', async () => {
		const booked = await bookOne('calendar');
		const date = booked.body.start.slice(0, 10);
		const calendar = await loadDayCalendar(clinic.db(), { date }, desk, context);
		expect(calendar.kind).toBe('ok');
		if (calendar.kind !== 'ok') return;
		const column = calendar.columns.findIndex((entry) => entry.id === clinic.ids.mei);
		const cells = calendar.rows.map((row) => row.cells[column]);
		const entry = cells.find((cell) => cell?.kind === 'entry');
		expect(entry).toMatchObject({ kind: 'entry', rowspan: 4 });
		expect(cells.some((cell) => cell?.kind === 'free')).toBe(true);
		const views = (await listAuditEvents(clinic.db())).filter(
			(event) => event.action === 'calendar.view'
		);
		expect(views.at(0)?.actor).toEqual({ type: 'staff', id: 'desk-1', label: 'Front Desk' });
	});

	it('shows the day by room: the appointment in its room, with its practitioner named', async () => {
		const booked = await bookOne('by-room');
		const date = booked.body.start.slice(0, 10);
		const record = await clinic
			.db()
			.selectFrom('appointment')
			.select('room_id')
			.where('id', '=', booked.body.id)
			.executeTakeFirstOrThrow();
		const calendar = await loadDayCalendar(clinic.db(), { date, columns: 'room' }, desk, context);
		if (calendar.kind !== 'ok') throw new Error('expected the calendar');
		expect(calendar.columnsBy).toBe('room');
		expect(calendar.columns.map((column) => column.id)).toEqual(clinic.ids.rooms);
		const column = calendar.columns.findIndex((entry) => entry.id === record.room_id);
		const blocks = calendar.rows.flatMap((row) => {
			const cell = row.cells[column];
			return cell?.kind === 'entry' ? cell.entries : [];
		});
		expect(blocks.find((block) => block.id === booked.body.id)?.with).toMatch(/^Mei Lin/);
		// Rooms are shaded by the location's opening hours: early morning is off.
		expect(calendar.rows[0]?.cells.every((cell) => cell.kind === 'off')).toBe(true);
		// An unknown choice of columns falls back to practitioners.
		const odd = await loadDayCalendar(clinic.db(), { date, columns: 'chairs' }, desk, context);
		expect(odd.kind === 'ok' && odd.columnsBy).toBe('practitioner');
	});

	it('shows the front desk contact details but not the clinical note; a practitioner sees both', async () => {
		const booked = await bookOne('roles');
		const forDesk = await loadStaffAppointment(clinic.db(), booked.body.id, desk, context);
		const forPractitioner = await loadStaffAppointment(
			clinic.db(),
			booked.body.id,
			practitioner,
			context
		);
		expect(forDesk.kind === 'ok' && forDesk.patient?.email).toBe('patient-roles@example.com');
		expect(forDesk.kind === 'ok' && forDesk.appointment.note).toBeNull();
		expect(forPractitioner.kind === 'ok' && forPractitioner.appointment.note).toBe(
			'Sciatica down the left leg'
		);
		const views = (
			await listAuditEvents(clinic.db(), { patientId: booked.body.id ? undefined : 0 })
		).filter(
			(event) => event.action === 'appointment.view' && event.subject?.id === String(booked.body.id)
		);
		expect(views.map((event) => event.actor.id).sort()).toEqual(['desk-1', 'prac-1']);
	});

	it('records arrival and a cancellation with a reason, emailing the patient, audited', async () => {
		const booked = await bookOne('changes');
		expect(
			await changeAppointment(clinic.db(), booked.body.id, { action: 'arrived' }, desk, context)
		).toEqual({
			kind: 'done'
		});
		expect(
			await changeAppointment(
				clinic.db(),
				booked.body.id,
				{ action: 'cancel', reason: '' },
				desk,
				context
			)
		).toMatchObject({ kind: 'invalid' });
		expect(
			await changeAppointment(
				clinic.db(),
				booked.body.id,
				{ action: 'cancel', reason: 'Practitioner unwell' },
				desk,
				context
			)
		).toEqual({ kind: 'done' });
		expect(
			await changeAppointment(clinic.db(), booked.body.id, { action: 'completed' }, desk, context)
		).toEqual({ kind: 'not_found' });
		const events = (await listAuditEvents(clinic.db())).filter(
			(event) => event.subject?.id === String(booked.body.id) && event.actor.type === 'staff'
		);
		expect(events.map((event) => event.action)).toContain('appointment.arrived');
		const cancel = events.find((event) => event.action === 'appointment.cancel');
		expect(cancel?.after).toMatchObject({ status: 'cancelled', reason: 'Practitioner unwell' });
		const emails = await clinic
			.db()
			.selectFrom('outbox_message')
			.select('kind')
			.where('appointment_id', '=', booked.body.id)
			.execute();
		expect(emails.map((email) => email.kind)).toContain('cancellation');
	});

	it('lists one practitioner’s week by day, Monday first', async () => {
		const booked = await bookOne('week');
		const date = booked.body.start.slice(0, 10);
		const week = await loadWeekCalendar(
			clinic.db(),
			{ date, practitioner: String(clinic.ids.mei) },
			desk,
			context
		);
		expect(week.kind).toBe('ok');
		if (week.kind !== 'ok') return;
		expect(week.practitioner.id).toBe(clinic.ids.mei);
		expect(week.days).toHaveLength(7);
		expect(week.days[0]?.label).toMatch(/^Monday/);
		const day = week.days.find((entry) => entry.date === date);
		expect(day?.appointments.map((block) => block.patientName)).toContain('Test Patient week');
		const views = (await listAuditEvents(clinic.db())).filter(
			(event) => event.action === 'calendar.view_week'
		);
		expect(views.length).toBeGreaterThan(0);
	});
});
