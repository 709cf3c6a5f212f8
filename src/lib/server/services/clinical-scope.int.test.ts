import { describe, expect, it } from 'vitest';
import { insertRaw, testNow, testOrigin, useDemoClinic } from '../../../../tests/support/booking';
import { testDialects } from '../../../../tests/support/databases';
import { Temporal } from 'temporal-polyfill';
import { parseIntakeStep } from '$lib/domain/intake/intake-steps';
import { postedIntake } from '../../../../tests/support/intake';
import { createStaffAuthService } from '../auth/service';
import { listAuditEvents } from '../db/repositories/audit-repository';
import { insertIntake, markIntakeSubmitted } from '../db/repositories/intake-repository';
import type { StaffActor } from './audit';
import { loadClinicalAccess, updateClinicalAccess } from './clinical-access-settings';
import { loadCalendarFormFlags, loadStaffIntakeView } from './intake-staff';
import { loadPatientPage } from './staff-patients';

const dialects = await testDialects();
const context = { now: testNow };

/** The medications step of the test intake: apixaban, a blood thinner (a precaution). */
function medications() {
	const result = parseIntakeStep('medications', postedIntake.medications, {
		today: Temporal.PlainDate.from('2027-03-01')
	});
	if (!result.ok) throw new Error('the test intake does not parse');
	return result.data;
}

describe.each(dialects)('"practitioners see their own patients only" on %s', (dialect) => {
	const clinic = useDemoClinic(dialect);

	async function setUp() {
		const db = clinic.db();
		const auth = createStaffAuthService({
			db,
			dialect,
			secret: 'clinical-scope-test-secret-0123456789abcdef0123',
			origin: testOrigin,
			issuer: 'Clinic staff'
		});
		const make = async (name: string, role: StaffActor['role']): Promise<StaffActor> => ({
			userId: await auth.createStaffMember({
				email: `${name.toLowerCase().replace(/\W+/g, '.')}@clinic.example`,
				name,
				role
			}),
			name,
			role
		});
		const owner = await make('Olive Owner', 'owner');
		const mei = await make('Mei Lin', 'practitioner');
		const daniel = await make('Daniel Brandt', 'practitioner');
		await db
			.insertInto('staff_practitioner')
			.values([
				{ user_id: mei.userId, practitioner_id: clinic.ids.mei },
				{ user_id: daniel.userId, practitioner_id: clinic.ids.daniel }
			])
			.execute();
		// One patient of Mei's (an appointment last week) and one of Daniel's (next week).
		const visit = async (practitionerId: number, patient: string, days: number) => {
			const appointment = await insertRaw(db, clinic.ids, {
				practitionerId,
				roomId: null,
				start: testNow.add({ hours: 24 * days }),
				minutes: 30,
				patient
			});
			const intakeId = await insertIntake(db, {
				patientId: appointment.patientId,
				appointmentId: appointment.id,
				steps: { medications: medications() },
				now: testNow
			});
			await markIntakeSubmitted(db, intakeId, testNow);
			return { patientId: appointment.patientId, intakeId };
		};
		const meis = await visit(clinic.ids.mei, 'scope-mei', -7);
		const daniels = await visit(clinic.ids.daniel, 'scope-daniel', 7);
		return { db, owner, mei, daniel, meis, daniels };
	}

	it('is off by default, so practitioners cover for each other; on, each reads their own patients only', async () => {
		const { db, owner, mei, daniel, meis, daniels } = await setUp();
		const intakeView = (staff: StaffActor, visit: { patientId: number; intakeId: number }) =>
			loadStaffIntakeView(db, visit.patientId, visit.intakeId, staff, context).then((r) => r.kind);
		const page = async (staff: StaffActor, patientId: number) => {
			const result = await loadPatientPage(db, patientId, staff, context);
			if (result.kind !== 'ok') throw new Error(result.kind);
			return result;
		};

		// Off: Mei reads Daniel's patient's health form.
		expect(await loadClinicalAccess(db, owner)).toEqual({ kind: 'ok', ownPatientsOnly: false });
		expect(await intakeView(mei, daniels)).toBe('ok');
		const coverPage = await page(mei, daniels.patientId);
		expect(coverPage.clinicalWithheld).toBe(false);
		expect(coverPage.healthForm?.intakeId).toBe(daniels.intakeId);

		// Only the owner turns it on, and the change is audited.
		expect(await updateClinicalAccess(db, { ownPatientsOnly: 'on' }, mei, context)).toEqual({
			kind: 'forbidden'
		});
		expect(await updateClinicalAccess(db, { ownPatientsOnly: 'on' }, owner, context)).toEqual({
			kind: 'saved'
		});
		expect(await loadClinicalAccess(db, owner)).toEqual({ kind: 'ok', ownPatientsOnly: true });
		const [change] = (await listAuditEvents(db, { actorId: owner.userId })).filter(
			(event) => event.action === 'settings.clinical_access'
		);
		expect(change?.before).toEqual({ practitionersOwnPatientsOnly: false });
		expect(change?.after).toEqual({ practitionersOwnPatientsOnly: true });

		// On: each practitioner reads their own patient (past or future appointment) only.
		expect(await intakeView(mei, meis)).toBe('ok');
		expect(await intakeView(daniel, daniels)).toBe('ok');
		expect(await intakeView(mei, daniels)).toBe('forbidden');
		expect(await intakeView(daniel, meis)).toBe('forbidden');
		const withheld = await page(mei, daniels.patientId);
		expect(withheld.clinicalWithheld).toBe(true);
		// Contact details and the form's status stay; its content, screenings and scores go.
		expect(withheld.patient.name).toBeTruthy();
		expect(withheld.healthForm).toMatchObject({ status: 'submitted', intakeId: null, flags: null });
		expect(withheld.healthForm?.summary).toBeNull();
		expect(withheld.screenings).toBeNull();
		expect(withheld.outcomes).toBeNull();
		const own = await page(mei, meis.patientId);
		expect(own.clinicalWithheld).toBe(false);
		expect(own.healthForm?.intakeId).toBe(meis.intakeId);
		expect(own.screenings).not.toBeNull();
		// The calendar's clinical flags follow the same rule, patient by patient.
		const flags = await loadCalendarFormFlags(db, [meis.patientId, daniels.patientId], mei);
		expect(flags.get(meis.patientId)?.clinical).toBe('Precaution');
		expect(flags.get(daniels.patientId)).toEqual({ formsMissing: false, clinical: null });

		// The owner reads everything; break-glass access lifts the rule for its holder.
		expect(await intakeView(owner, daniels)).toBe('ok');
		const covering = { ...mei, emergencyAccess: { until: new Date(Date.now() + 3600_000) } };
		expect(await intakeView(covering, daniels)).toBe('ok');

		// Off again: back to covering for each other.
		expect(await updateClinicalAccess(db, {}, owner, context)).toEqual({ kind: 'saved' });
		expect(await intakeView(mei, daniels)).toBe('ok');
	});
});
