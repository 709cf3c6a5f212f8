import { describe, expect, it } from 'vitest';
import { testNow, testOrigin, useDemoClinic } from '../../../../tests/support/booking';
import { testDialects } from '../../../../tests/support/databases';
import { createStaffAuthService } from '../auth/service';
import { findClinic } from '../db/repositories/clinic-repository';
import { findOrCreatePatient } from '../db/repositories/patient-repository';
import { findPatientRecord } from '../db/repositories/patient-record-repository';
import type { StaffActor } from './audit';
import { updateClinicProfile } from './clinic-profile-settings';
import { changePatientContact, changePatientPreferences } from './patient-records';
import { inviteStaff } from './staff-accounts';

/*
 * Single-line fields are stored on one line (line breaks and tabs become spaces); multi-line
 * fields keep their line breaks (clean-text.ts, ADR 0032). What the database holds is checked.
 */

const dialects = await testDialects();
const owner: StaffActor = { userId: 'owner-1', name: 'Olive Owner', role: 'owner' };
const context = { now: testNow };

describe.each(dialects)('single-line fields as stored on %s', (dialect) => {
	const clinic = useDemoClinic(dialect);

	it('stores the clinic’s name and tagline on one line, the description with its lines', async () => {
		const result = await updateClinicProfile(
			clinic.db(),
			{
				name: 'Harbor\r\nLantern Acupuncture',
				tagline: 'Calm,\tcareful acupuncture.',
				phone: '(414)\n555-0150',
				email: 'desk@harborlantern.example\r\n',
				description: 'A small clinic in Milwaukee.\nIt says what the research shows.'
			},
			owner,
			context
		);
		expect(result).toEqual({ kind: 'saved' });
		const stored = await findClinic(clinic.db());
		expect(stored).toMatchObject({
			name: 'Harbor Lantern Acupuncture',
			tagline: 'Calm, careful acupuncture.',
			phone: '+1-414-555-0150',
			email: 'desk@harborlantern.example',
			description: 'A small clinic in Milwaukee.\nIt says what the research shows.'
		});
	});

	it('stores a patient’s name and phone on one line, the front desk’s note with its lines', async () => {
		const patient = await findOrCreatePatient(
			clinic.db(),
			{ name: 'Ann Lee', email: 'ann.single@example.com', phone: '(414) 555-0123' },
			testNow
		);
		const contact = await changePatientContact(
			clinic.db(),
			patient.id,
			{
				name: 'Ann\r\nBcc: someone@example.com',
				email: 'ann.single@example.com',
				phone: '(414)\t555-0124',
				version: '1'
			},
			owner,
			context
		);
		expect(contact.kind).toBe('saved');
		const preferences = await changePatientPreferences(
			clinic.db(),
			patient.id,
			{
				preferredContact: 'phone',
				contactNote: 'Call after 5pm.\nLeft ear is deaf.',
				version: '2'
			},
			owner,
			context
		);
		expect(preferences.kind).toBe('saved');
		const record = await findPatientRecord(clinic.db(), patient.id);
		expect(record?.fields).toMatchObject({
			name: 'Ann Bcc: someone@example.com',
			phone: '(414) 555-0124',
			contactNote: 'Call after 5pm.\nLeft ear is deaf.'
		});
	});

	it('stores a new staff member’s name on one line and refuses an email with a line break inside', async () => {
		const auth = createStaffAuthService({
			db: clinic.db(),
			dialect,
			secret: 'single-line-test-secret-0123456789abcdef0123456',
			origin: testOrigin,
			issuer: 'Clinic staff'
		});
		const invite = (name: string, email: string) =>
			inviteStaff(clinic.db(), auth, { name, email, role: 'front_desk' }, owner, {
				...context,
				origin: testOrigin
			});
		expect(await invite('Dana\nDesk', 'dana@example.com\r\n')).toEqual({ kind: 'invited' });
		const row = await clinic
			.db()
			.selectFrom('staff_user')
			.select(['name', 'email'])
			.where('email', '=', 'dana@example.com')
			.executeTakeFirstOrThrow();
		expect(row).toEqual({ name: 'Dana Desk', email: 'dana@example.com' });
		const smuggled = await invite('Eve', 'eve@example.com\nBcc: x@example.com');
		expect(smuggled.kind).toBe('invalid');
	});
});
