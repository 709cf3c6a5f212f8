import { describe, expect, it } from 'vitest';
import { redFlagQuestions } from '$lib/domain/intake/red-flags';
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
import { postedIntake } from '../../../../tests/support/intake';
import { listAuditEvents } from '../db/repositories/audit-repository';
import type { StaffActor } from './audit';
import { reviewAppointment } from './clinician-review';
import { saveIntakeStep } from './intake';

const dialects = await testDialects();
const practitioner: StaffActor = { userId: 'prac-1', name: 'Mei Lin', role: 'practitioner' };
const context = { now: testNow, origin: testOrigin, request: { ip: '192.0.2.9', requestId: 'r1' } };
const answers = (...yes: string[]) =>
	Object.fromEntries(
		redFlagQuestions.map((question) => [question.id, yes.includes(question.id) ? 'yes' : 'no'])
	);

/*
 * Issue 14, item 2 (hazard H2 in docs/clinical/hazard-log.md): a practitioner records that a
 * doctor has seen a known finding; a later health form's "yes" to the same question does not
 * flag the visit again, while any other sign still does.
 */
describe.each(dialects)('a finding a doctor has seen, on %s', (dialect) => {
	const clinic = useDemoClinic(dialect);

	async function bookAndAnswer(patient: string, from: string, yes: string[]) {
		const slot = await firstOpenSlot(clinic.db(), {
			serviceId: clinic.ids.service.initial,
			practitionerId: clinic.ids.mei,
			from: localDate(from),
			to: localDate('2027-03-31')
		});
		const booked = await bookOrFail(
			clinic.db(),
			inputFor(slot, clinic.ids.service.initial, patient)
		);
		const token = tokenOf(booked.body.manageUrl);
		expect(
			(await saveIntakeStep(clinic.db(), token, 'pain', postedIntake.pain, context)).kind
		).toBe('saved');
		const saved = await saveIntakeStep(clinic.db(), token, 'red-flags', answers(...yes), context);
		const row = await clinic
			.db()
			.selectFrom('appointment')
			.select(['needs_review', 'patient_id'])
			.where('id', '=', booked.body.id)
			.executeTakeFirstOrThrow();
		return {
			id: booked.body.id,
			token,
			saved,
			needsReview: Number(row.needs_review) === 1,
			patientId: row.patient_id
		};
	}

	it('flags the first visit, is cleared with the finding marked as seen, and does not re-flag it', async () => {
		const first = await bookAndAnswer('cleared', '2027-03-08', ['urination']);
		expect(first.saved).toMatchObject({ kind: 'saved', advice: 'emergency' });
		expect(first.needsReview).toBe(true);

		// Only a finding answered yes in this screening can be marked as seen.
		expect(
			await reviewAppointment(clinic.db(), first.id, 'Urologist saw it', practitioner, context, [
				'fever'
			])
		).toMatchObject({ kind: 'invalid' });
		expect(
			await reviewAppointment(
				clinic.db(),
				first.id,
				'Known enlarged prostate; urologist saw it in January, stable',
				practitioner,
				context,
				['urination']
			)
		).toEqual({ kind: 'reviewed' });
		const audit = await listAuditEvents(clinic.db(), { patientId: first.patientId });
		const reviewed = audit.find((event) => event.action === 'appointment.reviewed');
		expect(reviewed?.after).toMatchObject({ seenByDoctor: ['urination'] });

		// The patient answers the warning signs again: the same "yes" no longer calls for a
		// doctor, while a sign that was not cleared still does.
		expect(
			await saveIntakeStep(clinic.db(), first.token, 'red-flags', answers('urination'), context)
		).toMatchObject({ kind: 'saved', advice: null });
		expect(
			await saveIntakeStep(
				clinic.db(),
				first.token,
				'red-flags',
				answers('urination', 'fever'),
				context
			)
		).toMatchObject({ kind: 'saved', advice: 'same_day' });

		const rows = await clinic
			.db()
			.selectFrom('red_flag_clearance')
			.select(['question_id', 'patient_id'])
			.execute();
		expect(rows).toEqual([{ question_id: 'urination', patient_id: first.patientId }]);
	});

	it('a clearance is append-only', async () => {
		await expect(
			clinic.db().updateTable('red_flag_clearance').set({ note: 'changed' }).execute()
		).rejects.toThrow(/append_only/);
		await expect(clinic.db().deleteFrom('red_flag_clearance').execute()).rejects.toThrow(
			/append_only/
		);
	});
});
