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
import { listAuditEvents } from '../db/repositories/audit-repository';
import { findPatientRecord } from '../db/repositories/patient-record-repository';
import { findOrCreatePatient } from '../db/repositories/patient-repository';
import { deliverDueMessages } from '../mail/outbox-worker';
import type { MailTransport, OutgoingEmail } from '../mail/transport';
import type { StaffActor } from './audit';
import { changePatientContact, changePatientPreferences } from './patient-records';
import { loadPatientPage } from './staff-patients';

/*
 * Editing a patient's record against both databases: every edit is a new version, written
 * with the patient row and the audit event in one transaction, or not at all.
 */

const dialects = await testDialects();
const desk: StaffActor = { userId: 'desk-1', name: 'Front Desk', role: 'front_desk' };
const owner: StaffActor = { userId: 'owner-1', name: 'Clinic Owner', role: 'owner' };
const context = { now: testNow.add({ hours: 1 }) };

describe.each(dialects)('patient records on %s', (dialect) => {
	const clinic = useDemoClinic(dialect);
	let serial = 0;
	/** A fresh patient, as a booking would have made them. */
	const newPatient = async () => {
		serial += 1;
		const contact = {
			name: `Ann Record ${serial}`,
			email: `ann.record.${serial}@example.com`,
			phone: '(414) 555-0123'
		};
		const { id } = await findOrCreatePatient(clinic.db(), contact, testNow);
		return { id, ...contact };
	};
	const versionRows = (patientId: number) =>
		clinic
			.db()
			.selectFrom('patient_version')
			.selectAll()
			.where('patient_id', '=', patientId)
			.orderBy('version')
			.execute();
	const edits = async (patientId: number) =>
		(await listAuditEvents(clinic.db(), { patientId }))
			.filter((event) => event.action.endsWith('_changed'))
			.map((event) => event.action);

	it('keeps the record as booked and the edit as versions, with the audit event', async () => {
		const ann = await newPatient();
		const result = await changePatientContact(
			clinic.db(),
			ann.id,
			{ version: '1', name: ann.name, email: '  Ann.New@Example.com ', phone: '414 555 0199' },
			desk,
			context
		);
		expect(result).toEqual({ kind: 'saved', version: 2 });

		const record = await findPatientRecord(clinic.db(), ann.id);
		expect(record?.version).toBe(2);
		expect(record?.fields).toMatchObject({ email: 'Ann.New@Example.com', phone: '414 555 0199' });
		const rows = await versionRows(ann.id);
		expect(rows.map((row) => [row.version, row.email, row.reason, row.changed_by_label])).toEqual([
			[1, ann.email, 'as booked', 'Booking'],
			[2, 'Ann.New@Example.com', 'contact details edited', 'Front Desk']
		]);
		expect(rows[1]?.changed_by_id).toBe('desk-1');

		const [event] = (await listAuditEvents(clinic.db(), { patientId: ann.id })).filter(
			(entry) => entry.action === 'patient.contact_changed'
		);
		expect(event?.actor).toMatchObject({ type: 'staff', id: 'desk-1', label: 'Front Desk' });
		expect(event?.subject).toEqual({ type: 'patient', id: String(ann.id) });
		expect(event?.before).toEqual({
			version: 1,
			name: ann.name,
			email: ann.email,
			phone: ann.phone
		});
		expect(event?.after).toEqual({
			version: 2,
			name: ann.name,
			email: 'Ann.New@Example.com',
			phone: '414 555 0199'
		});

		// A booking with the new email finds the same patient.
		const again = await findOrCreatePatient(
			clinic.db(),
			{ name: ann.name, email: 'ann.new@example.com', phone: '1' },
			testNow
		);
		expect(again).toEqual({ id: ann.id, created: false });

		const preferences = await changePatientPreferences(
			clinic.db(),
			ann.id,
			{ version: '2', preferredContact: 'phone', contactNote: 'Call after 5pm' },
			owner,
			context
		);
		expect(preferences).toEqual({ kind: 'saved', version: 3 });
		expect(await edits(ann.id)).toEqual(['patient.preferences_changed', 'patient.contact_changed']);

		const page = await loadPatientPage(clinic.db(), ann.id, desk, context);
		if (page.kind !== 'ok') throw new Error(page.kind);
		expect(page.preferences).toBe(
			'Prefers phone; no voicemail; no reminder emails; note: Call after 5pm'
		);
		expect(page.history.map((entry) => [entry.version, entry.who])).toEqual([
			[3, 'Clinic Owner'],
			[2, 'Front Desk'],
			[1, null]
		]);
		expect(page.history[0]?.changes.map((change) => change.field)).toEqual([
			'reminderEmail',
			'preferredContact',
			'contactNote'
		]);
		expect(page.history[1]?.changes).toEqual([
			{ field: 'email', label: 'Email', before: ann.email, after: 'Ann.New@Example.com' },
			{ field: 'phone', label: 'Phone', before: ann.phone, after: '414 555 0199' }
		]);
	});

	it('shows one entry, as booked, for a record nobody has edited', async () => {
		const bo = await newPatient();
		const page = await loadPatientPage(clinic.db(), bo.id, desk, context);
		if (page.kind !== 'ok') throw new Error(page.kind);
		expect(page.patient.version).toBe(1);
		expect(page.preferences).toBe('Email or phone; no voicemail');
		expect(page.history).toMatchObject([{ version: 1, reason: 'as booked', changes: [] }]);
		expect(await versionRows(bo.id)).toEqual([]);
	});

	it('refuses an edit read at an older version, with what is saved now, and writes nothing', async () => {
		const cy = await newPatient();
		const form = { version: '1', name: cy.name, email: cy.email, phone: '414 555 0100' };
		expect((await changePatientContact(clinic.db(), cy.id, form, desk, context)).kind).toBe(
			'saved'
		);
		const late = await changePatientContact(
			clinic.db(),
			cy.id,
			{ ...form, phone: '414 555 0111' },
			owner,
			context
		);
		expect(late).toMatchObject({
			kind: 'stale',
			version: 2,
			current: { phone: '414 555 0100' },
			lastChangedBy: 'Front Desk',
			values: { phone: '414 555 0111', version: '1' }
		});
		// A form without a version cannot say what it replaces either.
		const unversioned = await changePatientPreferences(
			clinic.db(),
			cy.id,
			{ preferredContact: 'email' },
			owner,
			context
		);
		expect(unversioned.kind).toBe('stale');
		expect((await versionRows(cy.id)).length).toBe(2);
		expect(await edits(cy.id)).toEqual(['patient.contact_changed']);
		expect((await findPatientRecord(clinic.db(), cy.id))?.fields.phone).toBe('414 555 0100');
	});

	it('lets exactly one of two edits read at the same version win', async () => {
		const di = await newPatient();
		const results = await Promise.all(
			['414 555 0101', '414 555 0102'].map((phone) =>
				changePatientContact(
					clinic.db(),
					di.id,
					{ version: '1', name: di.name, email: di.email, phone },
					desk,
					context
				)
			)
		);
		expect(results.map((result) => result.kind).sort()).toEqual(['saved', 'stale']);
		expect((await versionRows(di.id)).map((row) => row.version)).toEqual([1, 2]);
		expect(await edits(di.id)).toEqual(['patient.contact_changed']);
	});

	it("refuses another patient's name and email, naming that patient, and writes nothing", async () => {
		const first = await newPatient();
		const second = await newPatient();
		const result = await changePatientContact(
			clinic.db(),
			second.id,
			// Bookings match name and email without case or extra spaces; so does this check.
			{
				version: '1',
				name: first.name.toUpperCase().replace(' ', '  '),
				email: first.email,
				phone: '414 555 0100'
			},
			desk,
			context
		);
		expect(result).toMatchObject({ kind: 'duplicate', other: { id: first.id, name: first.name } });
		expect(await versionRows(second.id)).toEqual([]);
		expect(await edits(second.id)).toEqual([]);
		expect((await findPatientRecord(clinic.db(), second.id))?.fields.email).toBe(second.email);
	});

	it('refuses invalid input with a message per field and writes nothing', async () => {
		const ed = await newPatient();
		const contact = await changePatientContact(
			clinic.db(),
			ed.id,
			{ version: '1', name: 'E', email: 'not-an-email', phone: ed.phone },
			desk,
			context
		);
		expect(contact).toMatchObject({
			kind: 'invalid',
			errors: { name: expect.any(String), email: expect.any(String) },
			values: { name: 'E', email: 'not-an-email', phone: ed.phone, version: '1' }
		});
		const preferences = await changePatientPreferences(
			clinic.db(),
			ed.id,
			{ version: '1', preferredContact: 'fax', contactNote: 'x'.repeat(201) },
			desk,
			context
		);
		expect(preferences).toMatchObject({
			kind: 'invalid',
			errors: { preferredContact: expect.any(String), contactNote: expect.any(String) }
		});
		expect(await versionRows(ed.id)).toEqual([]);
		expect(await edits(ed.id)).toEqual([]);
		expect((await findPatientRecord(clinic.db(), ed.id))?.version).toBe(1);
	});

	it('writes nothing for a form sent back unchanged', async () => {
		const fi = await newPatient();
		const result = await changePatientContact(
			clinic.db(),
			fi.id,
			{ version: '1', name: fi.name, email: fi.email, phone: fi.phone },
			desk,
			context
		);
		expect(result).toEqual({ kind: 'unchanged' });
		expect(await versionRows(fi.id)).toEqual([]);
	});

	it('rolls the whole edit back when one of its writes fails', async () => {
		const gu = await newPatient();
		// A version 2 already there makes the edit's own version 2 fail after the patient update.
		await clinic
			.db()
			.insertInto('patient_version')
			.values({
				patient_id: gu.id,
				version: 2,
				name: 'planted',
				email: 'planted@example.com',
				phone: '1',
				reminder_email: 1,
				preferred_contact: 'either',
				may_leave_voicemail: 0,
				changed_at: testNow.toString(),
				changed_by_label: 'test',
				reason: 'planted'
			})
			.execute();
		await expect(
			changePatientContact(
				clinic.db(),
				gu.id,
				{ version: '1', name: gu.name, email: gu.email, phone: '414 555 0100' },
				desk,
				context
			)
		).rejects.toThrow();
		const record = await findPatientRecord(clinic.db(), gu.id);
		expect(record?.version).toBe(1);
		expect(record?.fields.phone).toBe(gu.phone);
		expect((await versionRows(gu.id)).map((row) => row.reason)).toEqual(['planted']);
		expect(await edits(gu.id)).toEqual([]);
	});

	it('refuses to change or delete a stored version', async () => {
		const ha = await newPatient();
		await changePatientContact(
			clinic.db(),
			ha.id,
			{ version: '1', name: ha.name, email: ha.email, phone: '414 555 0100' },
			desk,
			context
		);
		await expect(
			clinic
				.db()
				.updateTable('patient_version')
				.set({ phone: 'rewritten' })
				.where('patient_id', '=', ha.id)
				.execute()
		).rejects.toThrow(/patient_history_is_append_only/);
		await expect(
			clinic.db().deleteFrom('patient_version').where('patient_id', '=', ha.id).execute()
		).rejects.toThrow(/patient_history_is_append_only/);
	});

	it('skips the reminder email, and only it, for a patient who asked for none', async () => {
		const slot = await firstOpenSlot(clinic.db(), {
			serviceId: clinic.ids.service.followUp,
			practitionerId: clinic.ids.mei,
			from: localDate('2027-03-10'),
			to: localDate('2027-03-10')
		});
		const booked = await bookOrFail(
			clinic.db(),
			inputFor(slot, clinic.ids.service.followUp, 'no-reminders')
		);
		const row = await clinic
			.db()
			.selectFrom('appointment')
			.select('patient_id')
			.where('id', '=', booked.body.id)
			.executeTakeFirstOrThrow();
		const optOut = await changePatientPreferences(
			clinic.db(),
			row.patient_id,
			{ version: '1', preferredContact: 'either' },
			desk,
			context
		);
		expect(optOut.kind).toBe('saved');

		const sent: OutgoingEmail[] = [];
		const transport: MailTransport = {
			description: 'test',
			send: async (email) => {
				sent.push(email);
			},
			close: () => {}
		};
		// After the reminder falls due: the confirmation goes, the reminder is skipped.
		await deliverDueMessages(clinic.db(), dialect, transport, {
			now: () => slot.start.subtract({ hours: 1 }),
			uidDomain: 'clinic.example'
		});
		const messages = await clinic
			.db()
			.selectFrom('outbox_message')
			.select(['kind', 'status', 'last_error'])
			.where('appointment_id', '=', booked.body.id)
			.orderBy('id')
			.execute();
		expect(messages).toEqual([
			{ kind: 'confirmation', status: 'sent', last_error: null },
			{
				kind: 'reminder',
				status: 'skipped',
				last_error: 'the patient asked for no reminder emails'
			}
		]);
		expect(sent).toHaveLength(1);
		expect(sent[0]?.subject).not.toMatch(/reminder/i);
	});

	it('sends unsent appointment emails to a corrected address', async () => {
		const slot = await firstOpenSlot(clinic.db(), {
			serviceId: clinic.ids.service.followUp,
			practitionerId: clinic.ids.mei,
			from: localDate('2027-03-15'),
			to: localDate('2027-03-15')
		});
		const booked = await bookOrFail(
			clinic.db(),
			inputFor(slot, clinic.ids.service.followUp, 'typo')
		);
		const { patient_id: patientId } = await clinic
			.db()
			.selectFrom('appointment')
			.select('patient_id')
			.where('id', '=', booked.body.id)
			.executeTakeFirstOrThrow();
		const record = await findPatientRecord(clinic.db(), patientId);
		const corrected = await changePatientContact(
			clinic.db(),
			patientId,
			{
				version: String(record?.version),
				name: record?.fields.name ?? '',
				email: 'typo.fixed@example.com',
				phone: record?.fields.phone ?? ''
			},
			desk,
			context
		);
		expect(corrected.kind).toBe('saved');
		const recipients = await clinic
			.db()
			.selectFrom('outbox_message')
			.select(['kind', 'recipient'])
			.where('appointment_id', '=', booked.body.id)
			.orderBy('id')
			.execute();
		expect(recipients).toEqual([
			{ kind: 'confirmation', recipient: 'typo.fixed@example.com' },
			{ kind: 'reminder', recipient: 'typo.fixed@example.com' }
		]);
	});
});
