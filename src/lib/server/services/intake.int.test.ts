import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { intakeSteps, type IntakeStepId } from '$lib/domain/intake/intake-steps';
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
import { findLatestSubmittedIntake } from '../db/repositories/intake-repository';
import type { StaffActor } from './audit';
import {
	loadIntakeOverview,
	loadIntakeStep,
	saveIntakeStep,
	startIntakeUpdate,
	submitIntake
} from './intake';
import { loadStaffIntakeView } from './intake-staff';
import { loadDayCalendar, loadStaffAppointment, loadWeekCalendar } from './staff-calendar';
import { loadPatientPage } from './staff-patients';
import { listVisitForms } from './visit-forms';

const dialects = await testDialects();
const desk: StaffActor = { userId: 'desk-1', name: 'Front Desk', role: 'front_desk' };
const practitioner: StaffActor = { userId: 'prac-1', name: 'Mei Lin', role: 'practitioner' };
const context = { now: testNow, origin: testOrigin, request: { ip: '192.0.2.9', requestId: 'r1' } };
const allNoRedFlags = Object.fromEntries(redFlagQuestions.map((question) => [question.id, 'no']));

describe.each(dialects)('the intake on %s', (dialect) => {
	const clinic = useDemoClinic(dialect);

	async function bookOne(patient: string) {
		const slot = await firstOpenSlot(clinic.db(), {
			serviceId: clinic.ids.service.initial,
			practitionerId: clinic.ids.mei,
			from: localDate('2027-03-08'),
			to: localDate('2027-03-12')
		});
		const booked = await bookOrFail(
			clinic.db(),
			inputFor(slot, clinic.ids.service.initial, patient)
		);
		const row = await clinic
			.db()
			.selectFrom('appointment')
			.select(['patient_id', 'needs_review', 'screening_id'])
			.where('id', '=', booked.body.id)
			.executeTakeFirstOrThrow();
		return {
			id: booked.body.id,
			date: booked.body.start.slice(0, 10),
			start: booked.body.start,
			token: tokenOf(booked.body.manageUrl),
			patientId: row.patient_id
		};
	}

	const intakeRows = (patientId: number) =>
		clinic.db().selectFrom('intake_form').selectAll().where('patient_id', '=', patientId).execute();

	async function save(token: string, step: IntakeStepId, values = postedIntake[step]) {
		return saveIntakeStep(clinic.db(), token, step, values, context);
	}

	/** Saves every step (red flags all "no" unless given) and submits. */
	async function complete(token: string, redFlags = allNoRedFlags) {
		for (const { id } of intakeSteps) {
			const result = await save(token, id, id === 'red-flags' ? redFlags : postedIntake[id]);
			expect(result.kind, id).toBe('saved');
		}
		expect((await submitIntake(clinic.db(), token, context)).kind).toBe('submitted');
	}

	it('saves each step in one draft, with progress on the manage page', async () => {
		const booked = await bookOne('steps');
		const forms = async () =>
			(
				await listVisitForms(
					clinic.db(),
					{
						id: booked.id,
						patientId: booked.patientId,
						status: 'booked',
						inFuture: true,
						start: booked.start,
						location: { timeZone: 'America/Chicago' }
					},
					testNow
				)
			).find((form) => form.path === 'intake');
		expect(await forms()).toMatchObject({ label: 'Your health form', status: 'Not started' });

		expect(await save(booked.token, 'about-you')).toEqual({
			kind: 'saved',
			next: 'pain',
			advice: null
		});
		expect(await save(booked.token, 'pain')).toEqual({
			kind: 'saved',
			next: 'red-flags',
			advice: null
		});
		const rows = await intakeRows(booked.patientId);
		expect(rows).toHaveLength(1);
		expect(rows[0]?.appointment_id).toBe(booked.id);
		expect(rows[0]?.submitted_at).toBeNull();
		const steps = JSON.parse(rows[0]?.steps_json ?? '{}');
		expect(Object.keys(steps)).toEqual(['about-you', 'pain']);
		expect(steps.pain).toMatchObject({
			duration: 'chronic',
			regions: ['right-lower-back', 'left-lower-back']
		});
		expect(await forms()).toMatchObject({ status: '2 of 9 steps done', done: false });

		const overview = await loadIntakeOverview(clinic.db(), booked.token, testNow);
		expect(overview?.progress).toMatchObject({ completedCount: 2, next: 'red-flags' });
		const page = await loadIntakeStep(clinic.db(), booked.token, 'about-you', testNow);
		expect(page.kind === 'step' && page.values['full-name']).toBe('Ann Lee');
		const saves = (await listAuditEvents(clinic.db(), { patientId: booked.patientId })).filter(
			(event) => event.action === 'intake.save_step'
		);
		expect(saves).toHaveLength(2);
		// The audit log names the step, never the answers.
		expect(JSON.stringify(saves)).not.toContain('Ann Lee');
	});

	it('refuses an invalid step with errors by field, and writes nothing', async () => {
		const booked = await bookOne('invalid');
		const values = { ...postedIntake['about-you'], phone: 'x', 'date-of-birth': '' };
		const result = await save(booked.token, 'about-you', values);
		expect(result).toEqual({
			kind: 'invalid',
			errors: {
				phone: 'Please enter a phone number we can call, like (414) 555-0100.',
				'date-of-birth': 'Please enter your date of birth.'
			},
			values
		});
		expect(await intakeRows(booked.patientId)).toEqual([]);
		expect(
			(await listAuditEvents(clinic.db(), { patientId: booked.patientId })).filter((event) =>
				event.action.startsWith('intake.')
			)
		).toEqual([]);
	});

	it('answers an unknown or malformed link, or an unknown step, with not found', async () => {
		const booked = await bookOne('tokens');
		const unknown = 'A'.repeat(booked.token.length);
		for (const token of [unknown, 'not-a-token', '']) {
			expect(await loadIntakeOverview(clinic.db(), token, testNow)).toBeNull();
			expect(await loadIntakeStep(clinic.db(), token, 'pain', testNow)).toEqual({
				kind: 'not_found'
			});
			expect(await save(token, 'pain')).toEqual({ kind: 'not_found' });
			expect(await submitIntake(clinic.db(), token, context)).toEqual({ kind: 'not_found' });
		}
		expect(await loadIntakeStep(clinic.db(), booked.token, '__proto__', testNow)).toEqual({
			kind: 'not_found'
		});
		expect(await saveIntakeStep(clinic.db(), booked.token, 'constructor', {}, context)).toEqual({
			kind: 'not_found'
		});
	});

	it('stores a screening from the warning-sign step and flags the appointment for review', async () => {
		const booked = await bookOne('red-flags');
		const result = await save(booked.token, 'red-flags', postedIntake['red-flags']);
		expect(result).toEqual({ kind: 'saved', next: 'history', advice: 'within_days' });
		const screenings = await clinic
			.db()
			.selectFrom('red_flag_screening')
			.selectAll()
			.where('patient_id', '=', booked.patientId)
			.execute();
		expect(screenings).toHaveLength(1);
		expect(screenings[0]).toMatchObject({
			source: 'intake',
			outcome: 'within_days',
			appointment_id: booked.id
		});
		expect(JSON.parse(screenings[0]?.answers_json ?? '{}')['upper-back']).toBe('yes');
		const appointment = await clinic
			.db()
			.selectFrom('appointment')
			.select(['needs_review', 'screening_id'])
			.where('id', '=', booked.id)
			.executeTakeFirstOrThrow();
		expect(Number(appointment.needs_review)).toBe(1);
		expect(appointment.screening_id).toBe(screenings[0]?.id);
		const alerts = await clinic
			.db()
			.selectFrom('outbox_message')
			.select('kind')
			.where('appointment_id', '=', booked.id)
			.where('kind', '=', 'clinician_review')
			.execute();
		expect(alerts).toHaveLength(1);

		// The advice is shown on the step's page after saving.
		const page = await loadIntakeStep(clinic.db(), booked.token, 'red-flags', testNow);
		expect(page.kind === 'step' && page.advice).toBe('within_days');
	});

	it('saves an emergency answer and flags the booked visit too', async () => {
		const booked = await bookOne('emergency');
		const result = await save(booked.token, 'red-flags', { ...allNoRedFlags, urination: 'yes' });
		expect(result).toMatchObject({ kind: 'saved', advice: 'emergency' });
		const appointment = await clinic
			.db()
			.selectFrom('appointment')
			.select('needs_review')
			.where('id', '=', booked.id)
			.executeTakeFirstOrThrow();
		expect(Number(appointment.needs_review)).toBe(1);
	});

	it('leaves an appointment unflagged when every warning-sign answer is no', async () => {
		const booked = await bookOne('no-flags');
		expect(await save(booked.token, 'red-flags', allNoRedFlags)).toMatchObject({ advice: null });
		const appointment = await clinic
			.db()
			.selectFrom('appointment')
			.select(['needs_review', 'screening_id'])
			.where('id', '=', booked.id)
			.executeTakeFirstOrThrow();
		expect(Number(appointment.needs_review)).toBe(0);
		expect(appointment.screening_id).toBeNull();
	});

	it('submits only a complete intake, writing the baseline outcomes in the same transaction', async () => {
		const booked = await bookOne('submit');
		for (const { id } of intakeSteps.slice(0, -1)) await save(booked.token, id);
		expect(await submitIntake(clinic.db(), booked.token, context)).toEqual({
			kind: 'incomplete',
			missing: ['baseline']
		});
		await save(booked.token, 'baseline');

		// A failure while writing the outcomes leaves the intake a draft.
		await sql`alter table outcome_response rename to outcome_response_away`.execute(clinic.db());
		try {
			await expect(submitIntake(clinic.db(), booked.token, context)).rejects.toThrow();
		} finally {
			await sql`alter table outcome_response_away rename to outcome_response`.execute(clinic.db());
		}
		expect((await intakeRows(booked.patientId))[0]?.submitted_at).toBeNull();

		expect(await submitIntake(clinic.db(), booked.token, context)).toEqual({ kind: 'submitted' });
		expect(await submitIntake(clinic.db(), booked.token, context)).toEqual({
			kind: 'already_submitted'
		});
		const outcomes = await clinic
			.db()
			.selectFrom('outcome_response')
			.select(['scale', 'score_tenths', 'items_json', 'source', 'appointment_id'])
			.where('patient_id', '=', booked.patientId)
			.orderBy('scale')
			.execute();
		expect(outcomes.map((row) => [row.scale, row.score_tenths, row.source])).toEqual([
			['nprs', 60, 'intake'],
			['peg', 50, 'intake'],
			['psfs', 33, 'intake']
		]);
		expect(outcomes.every((row) => row.appointment_id === booked.id)).toBe(true);
		expect(JSON.parse(outcomes[1]?.items_json ?? '')).toEqual({
			'peg-pain': 6,
			'peg-enjoyment': 5,
			'peg-activity': 4
		});
		expect(JSON.parse(outcomes[2]?.items_json ?? '').activities).toEqual([
			{ id: 'activity-1', name: 'Gardening', score: 3 },
			{ id: 'activity-2', name: 'Walking the dog', score: 5 },
			{ id: 'activity-4', name: 'Sleeping through', score: 2 }
		]);
		const latest = await findLatestSubmittedIntake(clinic.db(), booked.patientId);
		expect(latest?.steps.goals?.psfs.activities.map((activity) => activity.name)).toEqual([
			'Gardening',
			'Walking the dog',
			'Sleeping through'
		]);
	});

	it('keeps a submitted intake read-only; an update is a new draft from its answers', async () => {
		const booked = await bookOne('read-only');
		await complete(booked.token);
		const [submitted] = await intakeRows(booked.patientId);
		expect(await save(booked.token, 'pain', { ...postedIntake.pain, regions: ['head'] })).toEqual({
			kind: 'submitted'
		});
		expect(await loadIntakeStep(clinic.db(), booked.token, 'pain', testNow)).toEqual({
			kind: 'submitted'
		});
		expect(await intakeRows(booked.patientId)).toEqual([submitted]);
		const overview = await loadIntakeOverview(clinic.db(), booked.token, testNow);
		expect(overview).toMatchObject({ submitted: true, submittedOn: 'Monday, March 1, 2027' });

		expect(await startIntakeUpdate(clinic.db(), booked.token, context)).toEqual({
			kind: 'continue',
			next: 'red-flags'
		});
		const rows = await intakeRows(booked.patientId);
		expect(rows).toHaveLength(2);
		const draft = rows.find((row) => row.submitted_at === null);
		// History is carried over; warning signs, activity ratings and today's pain are asked anew.
		expect(Object.keys(JSON.parse(draft?.steps_json ?? '{}')).sort()).toEqual(
			['about-you', 'health', 'history', 'medications', 'pain', 'pregnancy'].sort()
		);
		const goals = await loadIntakeStep(clinic.db(), booked.token, 'goals', testNow);
		expect(goals.kind === 'step' && goals.values).toEqual({
			'psfs-activity-1': 'Gardening',
			'psfs-activity-2': 'Walking the dog',
			'psfs-activity-4': 'Sleeping through'
		});
		expect(
			await save(booked.token, 'pain', { ...postedIntake.pain, regions: ['head'] })
		).toMatchObject({ kind: 'saved' });
		// The submitted one is untouched.
		expect((await intakeRows(booked.patientId)).find((row) => row.id === submitted?.id)).toEqual(
			submitted
		);
	});

	it('shows the front desk whether forms are done, and nothing they say', async () => {
		const booked = await bookOne('desk-view');
		const missing = await bookOne('desk-missing');
		await complete(booked.token);

		const appointment = await loadStaffAppointment(clinic.db(), booked.id, desk, context);
		expect(appointment.kind === 'ok' && appointment.healthForm).toEqual({
			status: 'submitted',
			submittedOn: 'Monday, March 1, 2027',
			flags: null,
			intakeId: null
		});
		const other = await loadStaffAppointment(clinic.db(), missing.id, desk, context);
		expect(other.kind === 'ok' && other.healthForm?.status).toBe('missing');
		const patient = await loadPatientPage(clinic.db(), booked.patientId, desk, context);
		expect(patient.kind === 'ok' && patient.healthForm).toMatchObject({
			status: 'submitted',
			flags: null,
			summary: null
		});
		const intake = await findLatestSubmittedIntake(clinic.db(), booked.patientId);
		expect(
			await loadStaffIntakeView(clinic.db(), booked.patientId, intake?.id ?? 0, desk, context)
		).toEqual({ kind: 'forbidden' });

		const calendar = await loadDayCalendar(clinic.db(), { date: booked.date }, desk, context);
		const blocks = calendar.kind === 'ok' ? calendarBlocks(calendar.rows) : [];
		expect(blocks.find((block) => block.id === booked.id)).toMatchObject({
			formsMissing: false,
			clinicalFlag: null
		});
		expect(blocks.find((block) => block.id === missing.id)).toMatchObject({
			formsMissing: true,
			clinicalFlag: null
		});
	});

	it('shows a practitioner the contraindications and precautions, and audits the full view', async () => {
		const booked = await bookOne('practitioner-view');
		await complete(booked.token);
		const appointment = await loadStaffAppointment(clinic.db(), booked.id, practitioner, context);
		const form = appointment.kind === 'ok' ? appointment.healthForm : null;
		expect(form?.status).toBe('submitted');
		expect(form?.flags?.map((flag) => flag.text)).toEqual([
			'Pregnant or possibly pregnant: 14 weeks — Avoid lumbosacral and lower-abdominal points. After the third month also avoid upper-abdominal points, strongly stimulating points and ear points that may affect the uterus. No electroacupuncture at any stage.',
			'Anticoagulant: Apixaban (Eliquis) — Bleeding and bruising risk: needle with care and press firmly after removing needles.',
			'Metal allergy: Nickel — Check the needle material against the allergy before treatment.'
		]);
		const patient = await loadPatientPage(clinic.db(), booked.patientId, practitioner, context);
		const section = patient.kind === 'ok' ? patient.healthForm : null;
		expect(section?.summary?.map((entry) => entry.step)).toContain('medications');

		const view = await loadStaffIntakeView(
			clinic.db(),
			booked.patientId,
			form?.intakeId ?? 0,
			practitioner,
			context
		);
		expect(view).toMatchObject({ kind: 'ok', intake: { state: 'current' } });
		expect(view.kind === 'ok' && view.summary).toHaveLength(9);
		const views = (await listAuditEvents(clinic.db(), { patientId: booked.patientId })).filter(
			(event) => event.action === 'intake.view'
		);
		expect(views).toHaveLength(1);
		// Another patient's intake id under this patient is not found.
		expect(
			await loadStaffIntakeView(
				clinic.db(),
				booked.patientId + 999,
				form?.intakeId ?? 0,
				practitioner,
				context
			)
		).toEqual({ kind: 'not_found' });

		const day = await loadDayCalendar(clinic.db(), { date: booked.date }, practitioner, context);
		expect(
			(day.kind === 'ok' ? calendarBlocks(day.rows) : []).find((block) => block.id === booked.id)
		).toMatchObject({ formsMissing: false, clinicalFlag: 'Contraindication' });
		const week = await loadWeekCalendar(
			clinic.db(),
			{ date: booked.date, practitioner: String(clinic.ids.mei) },
			practitioner,
			context
		);
		const weekBlocks = week.kind === 'ok' ? week.days.flatMap((entry) => entry.appointments) : [];
		expect(weekBlocks.find((block) => block.id === booked.id)).toMatchObject({
			clinicalFlag: 'Contraindication'
		});
	});
});

/** Every appointment block of a day grid. */
function calendarBlocks(
	rows: { cells: ({ kind: string; entries?: { id: number }[] } | undefined)[] }[]
) {
	return rows.flatMap((row) =>
		row.cells.flatMap((cell) =>
			cell?.kind === 'entry'
				? ((cell.entries ?? []) as {
						id: number;
						formsMissing?: boolean;
						clinicalFlag?: string | null;
					}[])
				: []
		)
	);
}
