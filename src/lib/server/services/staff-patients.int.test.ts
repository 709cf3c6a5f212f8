import { describe, expect, it } from 'vitest';
import { testNow, useDemoClinic } from '../../../../tests/support/booking';
import { testDialects } from '../../../../tests/support/databases';
import { listAuditEvents } from '../db/repositories/audit-repository';
import { findOrCreatePatient } from '../db/repositories/patient-repository';
import type { StaffActor } from './audit';
import { findPatients, loadPatientPage } from './staff-patients';

const dialects = await testDialects();
const desk: StaffActor = { userId: 'desk-1', name: 'Front Desk', role: 'front_desk' };
const context = { now: testNow };

describe.each(dialects)('finding patients on %s', (dialect) => {
	const clinic = useDemoClinic(dialect);

	it('finds by part of the name, the email or the phone digits, and records the search', async () => {
		const ann = await findOrCreatePatient(
			clinic.db(),
			{ name: 'Ann Marie Lee', email: 'ann.lee@example.com', phone: '(414) 555-0123' },
			testNow
		);
		await findOrCreatePatient(
			clinic.db(),
			{ name: 'Bo Chen', email: 'bo@example.com', phone: '+1 262 555 0199' },
			testNow
		);
		const names = async (text: string) => {
			const result = await findPatients(clinic.db(), text, desk, context);
			return result.kind === 'ok' ? result.patients.map((patient) => patient.name) : [];
		};
		expect(await names('marie')).toEqual(['Ann Marie Lee']);
		expect(await names('ANN.LEE@')).toEqual(['Ann Marie Lee']);
		expect(await names('555-0123')).toEqual(['Ann Marie Lee']);
		expect(await names('4145550123')).toEqual(['Ann Marie Lee']);
		expect(await names('%')).toEqual([]);
		expect(await names("' or 1=1 --")).toEqual([]);
		const searches = (await listAuditEvents(clinic.db())).filter(
			(event) => event.action === 'patient.search'
		);
		expect(searches.length).toBeGreaterThanOrEqual(6);

		const page = await loadPatientPage(clinic.db(), ann.id, desk, context);
		expect(page.kind === 'ok' && page.patient.email).toBe('ann.lee@example.com');
		const views = (await listAuditEvents(clinic.db(), { patientId: ann.id })).map(
			(event) => event.action
		);
		expect(views).toContain('patient.view');
		expect((await loadPatientPage(clinic.db(), 999_999, desk, context)).kind).toBe('not_found');
	});
});
