import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { formatLongDate } from '$lib/domain/booking/appointment-time';
import type { FormValues } from '$lib/domain/intake/form-values';
import {
	stepFormValues,
	summarizeIntake,
	type IntakeSteps,
	type SummarySection
} from '$lib/domain/intake/intake-answers';
import { intakeProgress, stepAfter, type IntakeProgress } from '$lib/domain/intake/intake-progress';
import {
	intakeSteps,
	isIntakeStepId,
	parseIntakeStep,
	redFlagSetsForPain,
	type IntakeStepId
} from '$lib/domain/intake/intake-steps';
import {
	questionSections,
	type QuestionSection,
	type ScreeningOutcome
} from '$lib/domain/intake/red-flags';
import { psfsFieldNames } from '$lib/domain/outcomes/scale-forms';
import {
	findAppointmentByTokenHash,
	type AppointmentRecord
} from '../db/repositories/appointment-repository';
import { appendAuditEvent } from '../db/repositories/audit-repository';
import {
	findCurrentIntake,
	findLatestSubmittedIntakeOfAppointment,
	insertIntake,
	lockPatientIntake,
	markIntakeSubmitted,
	updateIntakeSteps,
	type IntakeRecord
} from '../db/repositories/intake-repository';
import { insertOutcomeResponses } from '../db/repositories/outcome-repository';
import { findPatient } from '../db/repositories/patient-repository';
import { listRedFlagClearances } from '../db/repositories/red-flag-clearance-repository';
import type { Database } from '../db/schema';
import { transactionWithRetry } from '../db/transaction';
import { auditActorFor, type RequestMeta } from './audit';
import { loadClinicZone } from './clinic-contact';
import { applyScreeningToAppointment, recordScreening } from './red-flag-screening';
import { hashToken, looksLikeToken } from './tokens';
import type { VisitForm } from './visit-forms';

/*
 * The health form (intake) behind a patient's manage link. Each step is saved on its own, so
 * a patient can stop and come back; a submitted intake is read-only, and a correction starts a
 * new draft from it. Unknown, malformed and cancelled links all look like "not found".
 */

export interface IntakeContext {
	now: Temporal.Instant;
	origin: URL;
	request?: RequestMeta;
}

/** The final page's name in URLs, after the nine steps. */
export const reviewStep = 'review';

/** Steps copied into a new draft from the last intake; the others describe today. */
const copiedSteps: readonly IntakeStepId[] = [
	'about-you',
	'pain',
	'history',
	'medications',
	'health',
	'pregnancy'
];

/** The booked (not cancelled) appointment a manage token belongs to, or null. */
async function appointmentOf(
	db: Kysely<Database>,
	token: string
): Promise<AppointmentRecord | null> {
	if (!looksLikeToken(token)) return null;
	const appointment = await findAppointmentByTokenHash(db, hashToken(token));
	return appointment && appointment.status !== 'cancelled' ? appointment : null;
}

async function clinicToday(db: Kysely<Database>, now: Temporal.Instant) {
	const zone = await loadClinicZone(db);
	return { zone: zone.timeZone, today: now.toZonedDateTimeISO(zone.timeZone).toPlainDate() };
}

function submittedOn(intake: IntakeRecord, zone: string): string | null {
	return intake.submittedAt
		? formatLongDate(intake.submittedAt.toZonedDateTimeISO(zone).toPlainDate())
		: null;
}

/** What every intake page shows: where the patient is, and what is saved. */
export interface IntakeOverview {
	appointmentId: number;
	/** The intake being worked on or shown, or null before the first step is saved. */
	intakeId: number | null;
	submitted: boolean;
	/** "Tuesday, March 16, 2027", when submitted. */
	submittedOn: string | null;
	progress: IntakeProgress;
	summary: SummarySection[];
}

function overviewOf(
	appointment: AppointmentRecord,
	intake: IntakeRecord | null,
	zone: string
): IntakeOverview {
	const steps = intake?.steps ?? {};
	return {
		appointmentId: appointment.id,
		intakeId: intake?.id ?? null,
		submitted: intake?.submittedAt != null,
		submittedOn: intake ? submittedOn(intake, zone) : null,
		progress: intakeProgress(Object.keys(steps)),
		summary: summarizeIntake(steps)
	};
}

/**
 * Records that answers of an intake were shown through a manage link (actor "manage link",
 * with the address): whoever holds a link is not known to be the patient (ADR 0029).
 */
async function auditLinkView(
	db: Kysely<Database>,
	appointment: AppointmentRecord,
	intake: IntakeRecord | null,
	page: string,
	now: Temporal.Instant,
	request?: RequestMeta
): Promise<void> {
	if (!intake || Object.keys(intake.steps).length === 0) return;
	await appendAuditEvent(db, {
		at: now,
		actor: auditActorFor('manage_link'),
		action: 'intake.view',
		patientId: appointment.patientId,
		subject: { type: 'intake', id: intake.id },
		after: { appointmentId: appointment.id, page },
		ip: request?.ip,
		requestId: request?.requestId
	});
}

/** The intake's first page: not started, in progress, or submitted (read-only). */
export async function loadIntakeOverview(
	db: Kysely<Database>,
	token: string,
	now: Temporal.Instant,
	request?: RequestMeta
): Promise<IntakeOverview | null> {
	const appointment = await appointmentOf(db, token);
	if (!appointment) return null;
	const [intake, { zone }] = await Promise.all([
		findCurrentIntake(db, appointment.id),
		clinicToday(db, now)
	]);
	await auditLinkView(db, appointment, intake, 'overview', now, request);
	return overviewOf(appointment, intake, zone);
}

export type IntakeStepPage =
	| { kind: 'not_found' }
	/** Submitted: the patient reads it on the overview and may start an update there. */
	| { kind: 'submitted' }
	| {
			kind: 'step';
			overview: IntakeOverview;
			step: IntakeStepId;
			/** The saved answers, or sensible starting values, as form values. */
			values: FormValues;
			/** The step before this one, or null on the first. */
			previous: IntakeStepId | null;
			/** Where "continue" leads once this step is saved. */
			next: IntakeStepId | typeof reviewStep;
			/** The red-flag advice to show after that step was saved with a "yes". */
			advice: ScreeningOutcome | null;
			/** The warning-sign questions the pain step's reasons call for. */
			redFlagSections: QuestionSection[];
			today: string;
	  }
	| { kind: 'review'; overview: IntakeOverview };

/** One step's page (or the review page) for a manage token. */
export async function loadIntakeStep(
	db: Kysely<Database>,
	token: string,
	step: string,
	now: Temporal.Instant,
	request?: RequestMeta
): Promise<IntakeStepPage> {
	if (step !== reviewStep && !isIntakeStepId(step)) return { kind: 'not_found' };
	const appointment = await appointmentOf(db, token);
	if (!appointment) return { kind: 'not_found' };
	const [intake, { zone, today }] = await Promise.all([
		findCurrentIntake(db, appointment.id),
		clinicToday(db, now)
	]);
	if (intake?.submittedAt) return { kind: 'submitted' };
	await auditLinkView(db, appointment, intake, step, now, request);
	const overview = overviewOf(appointment, intake, zone);
	if (step === reviewStep) return { kind: 'review', overview };
	const stepId = step as IntakeStepId;
	const index = intakeSteps.findIndex((entry) => entry.id === stepId);
	const saved = intake?.steps[stepId];
	const values = saved
		? stepFormValues(stepId, saved as never)
		: await startingValues(db, appointment, stepId);
	const redFlags = intake?.steps['red-flags'];
	const pain = intake?.steps.pain;
	return {
		kind: 'step',
		overview,
		step: stepId,
		values,
		previous: intakeSteps[index - 1]?.id ?? null,
		next: stepAfter(stepId, Object.keys(intake?.steps ?? {})) ?? reviewStep,
		advice:
			stepId === 'red-flags' && redFlags && redFlags.screening.outcome !== 'none'
				? redFlags.screening.outcome
				: null,
		redFlagSections: questionSections(redFlagSetsForPain(pain), 'first'),
		today: today.toString()
	};
}

/**
 * Values for a step not saved yet: the contact details given when booking (the appointment's
 * own record, which an online booking made from what was typed), and the activities named in
 * the last health form sent through this appointment (to be rated again, since the scores
 * describe today). Nothing from an earlier visit: a manage link proves no identity (ADR 0029).
 */
async function startingValues(
	db: Kysely<Database>,
	appointment: AppointmentRecord,
	step: IntakeStepId
): Promise<FormValues> {
	if (step === 'about-you') {
		const patient = await findPatient(db, appointment.patientId);
		return patient ? { 'full-name': patient.name, email: patient.email, phone: patient.phone } : {};
	}
	if (step === 'goals') {
		const last = await findLatestSubmittedIntakeOfAppointment(db, appointment.id);
		const values: Record<string, string> = {};
		for (const activity of last?.steps.goals?.psfs.activities ?? []) {
			const row = Number(activity.id.replace(/^activity-/, ''));
			values[psfsFieldNames(row).activity] = activity.name;
		}
		return values;
	}
	return {};
}

export type SaveStepResult =
	| { kind: 'not_found' }
	| { kind: 'submitted' }
	| { kind: 'invalid'; errors: Record<string, string>; values: FormValues }
	| {
			kind: 'saved';
			/** The step to show next, or the review page. */
			next: IntakeStepId | typeof reviewStep;
			/** After the red-flag step: the advice to show before going on, unless all "no". */
			advice: ScreeningOutcome | null;
	  };

/**
 * Saves one step of the draft (starting it with the first step saved). The red-flag step
 * also records a screening (source 'intake') and, when its answers call for a doctor, flags
 * the appointment for a clinician's review, in the same transaction. Emergency answers flag
 * it too: the visit is booked already, so staff must hear of them.
 */
export async function saveIntakeStep(
	db: Kysely<Database>,
	token: string,
	step: string,
	values: FormValues,
	context: IntakeContext
): Promise<SaveStepResult> {
	if (!isIntakeStepId(step)) return { kind: 'not_found' };
	const found = await appointmentOf(db, token);
	if (!found) return { kind: 'not_found' };
	const { today } = await clinicToday(db, context.now);
	// The warning-sign step asks the sets that the saved pain step's reasons chose.
	const redFlagSets =
		step === 'red-flags'
			? redFlagSetsForPain((await findCurrentIntake(db, found.id))?.steps.pain ?? null)
			: undefined;
	// A finding a doctor has seen (recorded at a clinician's review) does not flag it again.
	const clearedRedFlags =
		step === 'red-flags'
			? new Set(
					(await listRedFlagClearances(db, [found.patientId])).map((entry) => entry.questionId)
				)
			: undefined;
	const parsed = parseIntakeStep(step, values, { today, redFlagSets, clearedRedFlags });
	if (!parsed.ok) return { kind: 'invalid', errors: parsed.errors, values };
	return transactionWithRetry(db, async (trx) => {
		const appointment = await appointmentOf(trx, token);
		if (!appointment) return { kind: 'not_found' as const };
		await lockPatientIntake(trx, appointment.patientId);
		const current = await findCurrentIntake(trx, appointment.id);
		if (current?.submittedAt) return { kind: 'submitted' as const };
		const steps: IntakeSteps = { ...current?.steps, [step]: parsed.data };
		let intakeId: number;
		if (current) {
			if (!(await updateIntakeSteps(trx, current.id, steps, context.now))) {
				return { kind: 'submitted' as const };
			}
			intakeId = current.id;
		} else {
			intakeId = await insertIntake(trx, {
				patientId: appointment.patientId,
				appointmentId: appointment.id,
				steps,
				now: context.now
			});
		}
		const actor = auditActorFor('manage_link');
		let advice: ScreeningOutcome | null = null;
		if (step === 'red-flags') {
			const { answers, screening } = steps['red-flags']!;
			const screeningId = await recordScreening(trx, {
				source: 'intake',
				answers,
				screening,
				now: context.now,
				patientId: appointment.patientId,
				appointmentId: appointment.id
			});
			if (screening.outcome !== 'none') {
				advice = screening.outcome;
				await applyScreeningToAppointment(
					trx,
					appointment,
					{ id: screeningId, needsClinicianReview: true },
					{ now: context.now, origin: context.origin, actor }
				);
			}
		}
		await appendAuditEvent(trx, {
			at: context.now,
			actor,
			action: 'intake.save_step',
			patientId: appointment.patientId,
			subject: { type: 'intake', id: intakeId },
			// Which step, never the answers: the audit log is no second copy of the health form.
			after: { step },
			ip: context.request?.ip,
			requestId: context.request?.requestId
		});
		return {
			kind: 'saved' as const,
			next: stepAfter(step, Object.keys(steps)) ?? reviewStep,
			advice
		};
	});
}

export type SubmitResult =
	| { kind: 'not_found' }
	| { kind: 'submitted' }
	| { kind: 'already_submitted' }
	| { kind: 'incomplete'; missing: IntakeStepId[] };

/**
 * Submits the draft: it becomes read-only, and its NPRS, PEG and PSFS answers are stored as
 * the baseline outcomes (source 'intake'), all in one transaction.
 */
export async function submitIntake(
	db: Kysely<Database>,
	token: string,
	context: IntakeContext
): Promise<SubmitResult> {
	return transactionWithRetry(db, async (trx) => {
		const appointment = await appointmentOf(trx, token);
		if (!appointment) return { kind: 'not_found' as const };
		await lockPatientIntake(trx, appointment.patientId);
		const intake = await findCurrentIntake(trx, appointment.id);
		if (intake?.submittedAt) return { kind: 'already_submitted' as const };
		const progress = intakeProgress(Object.keys(intake?.steps ?? {}));
		const goals = intake?.steps.goals;
		const baseline = intake?.steps.baseline;
		if (!intake || !progress.complete || !goals || !baseline) {
			return {
				kind: 'incomplete' as const,
				missing: progress.steps.filter((step) => !step.complete).map((step) => step.id)
			};
		}
		if (!(await markIntakeSubmitted(trx, intake.id, context.now))) {
			return { kind: 'already_submitted' as const };
		}
		// The baseline: the same item shapes as a visit's check-in (services/check-in.ts).
		await insertOutcomeResponses(trx, {
			patientId: appointment.patientId,
			appointmentId: appointment.id,
			source: 'intake',
			at: context.now,
			responses: [
				{ scale: 'nprs', score: baseline.nprs.score, items: { nprs: baseline.nprs.score } },
				{ scale: 'peg', score: baseline.peg.score, items: baseline.peg.items },
				{ scale: 'psfs', score: goals.psfs.score, items: { activities: goals.psfs.activities } }
			]
		});
		await appendAuditEvent(trx, {
			at: context.now,
			actor: auditActorFor('manage_link'),
			action: 'intake.submit',
			patientId: appointment.patientId,
			subject: { type: 'intake', id: intake.id },
			ip: context.request?.ip,
			requestId: context.request?.requestId
		});
		return { kind: 'submitted' as const };
	});
}

export type UpdateResult =
	| { kind: 'not_found' }
	/** A draft exists (or there is nothing to copy): continue at this step. */
	| { kind: 'continue'; next: IntakeStepId | typeof reviewStep };

/**
 * Starts a correction of a submitted intake: a new draft with the answers that describe the
 * patient's history (each checked again against today, so an age or a pain duration is
 * current), while the warning signs, the activities' ratings and today's pain are asked anew.
 */
export async function startIntakeUpdate(
	db: Kysely<Database>,
	token: string,
	context: IntakeContext
): Promise<UpdateResult> {
	const { today } = await clinicToday(db, context.now);
	return transactionWithRetry(db, async (trx) => {
		const appointment = await appointmentOf(trx, token);
		if (!appointment) return { kind: 'not_found' as const };
		await lockPatientIntake(trx, appointment.patientId);
		const current = await findCurrentIntake(trx, appointment.id);
		if (!current?.submittedAt) {
			return {
				kind: 'continue' as const,
				next: intakeProgress(Object.keys(current?.steps ?? {})).next ?? reviewStep
			};
		}
		const steps: Record<string, unknown> = {};
		for (const step of copiedSteps) {
			const saved = current.steps[step];
			if (!saved) continue;
			const again = parseIntakeStep(step, stepFormValues(step, saved as never), { today });
			if (again.ok) steps[step] = again.data;
		}
		const intakeId = await insertIntake(trx, {
			patientId: appointment.patientId,
			appointmentId: appointment.id,
			steps: steps as IntakeSteps,
			now: context.now
		});
		await appendAuditEvent(trx, {
			at: context.now,
			actor: auditActorFor('manage_link'),
			action: 'intake.update_started',
			patientId: appointment.patientId,
			subject: { type: 'intake', id: intakeId },
			after: { from: current.id },
			ip: context.request?.ip,
			requestId: context.request?.requestId
		});
		return {
			kind: 'continue' as const,
			next: intakeProgress(Object.keys(steps)).next ?? reviewStep
		};
	});
}

/** The manage page's entry for the health form, with where the patient is. */
export async function intakeVisitForm(
	db: Kysely<Database>,
	appointment: { id: number; patientId: number }
): Promise<VisitForm> {
	const intake = await findCurrentIntake(db, appointment.id);
	const label = 'Your health form';
	if (!intake) return { path: 'intake', label, status: 'Not started', done: false };
	if (intake.submittedAt) {
		const { timeZone } = await loadClinicZone(db);
		return {
			path: 'intake',
			label,
			status: `Submitted on ${submittedOn(intake, timeZone)}`,
			done: true
		};
	}
	const progress = intakeProgress(Object.keys(intake.steps));
	return {
		path: 'intake',
		label,
		status: `${progress.completedCount} of ${progress.total} steps done`,
		done: false
	};
}
