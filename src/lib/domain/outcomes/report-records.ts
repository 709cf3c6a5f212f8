import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import type { PainDuration } from '../intake/pain-duration';
import {
	includedInReport,
	lowBackPainTag,
	type PatientOutcomeRecord,
	type VisitScores
} from './clinic-report';

/*
 * What the clinic report reads about each patient, worked out from stored rows. The rules,
 * exactly (docs/decisions/0023-clinic-outcome-report.md explains why):
 *
 * - The intake is the patient's latest SUBMITTED intake (latest `submitted_at`, then highest
 *   id). Drafts never count. A patient without a submitted intake with a pain step is not in
 *   the report's population at all: nothing says where or how long it hurts.
 * - Low back pain: that intake's pain step marks "Lower back, right side" or "Lower back, left
 *   side" on the body map. Other back regions (upper, middle), buttocks and legs alone do not
 *   count; they may be marked as well.
 * - Chronicity: the band stored with that pain step (chronic = 12 weeks or more at the time
 *   the step was saved), never recomputed from the onset date.
 * - Visits: appointments marked 'arrived' or 'completed' (the patient came) that start on or
 *   after the clinic-local day that intake was started. Booked, no-show and cancelled
 *   appointments are not visits; nor are visits from an earlier course, before this intake.
 * - Scores, NPRS and PEG: each visit's score is its check-in ('link' or 'kiosk' answer linked
 *   to that appointment; the latest if there were several). The first visit's score is the
 *   intake baseline (the latest 'intake' answer given since that intake was started) when
 *   there is one: it is the score before the first treatment. Answers linked to appointments
 *   that are not visits are ignored.
 */

/** The body-map regions that are the lower back (src/lib/domain/intake/body-regions.ts). */
export const lowerBackRegionIds = ['right-lower-back', 'left-lower-back'] as const;

/** Appointment statuses that mean the patient came: the visits the report counts. */
export const attendedStatuses = ['arrived', 'completed'] as const;

/** The scales the report reads. */
export type ReportScale = 'nprs' | 'peg';

/** What the report needs from an intake's pain step. */
export interface PainFacts {
	regions: string[];
	duration: PainDuration;
}

const painStepShape = z.object({
	regions: z.array(z.string()),
	duration: z.enum(['acute', 'subacute', 'chronic'])
});

/**
 * The pain step of an intake's stored steps (the parsed `steps_json`), or null when the
 * intake has no usable pain step.
 */
export function painFactsFromSteps(steps: unknown): PainFacts | null {
	if (typeof steps !== 'object' || steps === null) return null;
	const parsed = painStepShape.safeParse((steps as Record<string, unknown>).pain);
	return parsed.success ? parsed.data : null;
}

/** The condition tags an intake's pain step gives: 'low-back-pain' when a lower-back region is marked. */
export function conditionTagsFromPain(pain: { regions: readonly string[] }): string[] {
	const lowerBack: readonly string[] = lowerBackRegionIds;
	return pain.regions.some((region) => lowerBack.includes(region)) ? [lowBackPainTag] : [];
}

/** A submitted intake as stored. */
export interface SubmittedIntake {
	id: number;
	patientId: number;
	startedAt: Temporal.Instant;
	submittedAt: Temporal.Instant;
	/** The parsed `steps_json`. */
	steps: unknown;
}

/** An appointment the patient came to (status 'arrived' or 'completed'). */
export interface AttendedVisit {
	appointmentId: number;
	patientId: number;
	start: Temporal.Instant;
}

/** One NPRS or PEG answer as stored. */
export interface ScoreAnswer {
	id: number;
	patientId: number;
	appointmentId: number | null;
	scale: ReportScale;
	scoreTenths: number;
	source: 'intake' | 'link' | 'kiosk';
	answeredAt: Temporal.Instant;
}

/**
 * Builds the report's records from stored rows, by the rules at the top of this file. Only
 * patients with a submitted intake that has a pain step get a record. Record ids are the
 * patient ids as text; the report never copies them.
 */
export function buildOutcomeRecords(
	rows: {
		intakes: readonly SubmittedIntake[];
		visits: readonly AttendedVisit[];
		answers: readonly ScoreAnswer[];
	},
	timeZone: string
): PatientOutcomeRecord[] {
	const latestIntake = new Map<number, SubmittedIntake>();
	for (const intake of rows.intakes) {
		const known = latestIntake.get(intake.patientId);
		if (!known || laterIntake(intake, known)) latestIntake.set(intake.patientId, intake);
	}
	const visitsByPatient = groupBy(rows.visits, (visit) => visit.patientId);
	const answersByPatient = groupBy(rows.answers, (answer) => answer.patientId);
	const localDate = (instant: Temporal.Instant) =>
		instant.toZonedDateTimeISO(timeZone).toPlainDate();

	const records: PatientOutcomeRecord[] = [];
	for (const [patientId, intake] of [...latestIntake].sort(([a], [b]) => a - b)) {
		const pain = painFactsFromSteps(intake.steps);
		if (!pain) continue;
		const courseStart = localDate(intake.startedAt);
		const visits = (visitsByPatient.get(patientId) ?? [])
			.filter((visit) => Temporal.PlainDate.compare(localDate(visit.start), courseStart) >= 0)
			.sort(
				(a, b) => Temporal.Instant.compare(a.start, b.start) || a.appointmentId - b.appointmentId
			);
		const answers = answersByPatient.get(patientId) ?? [];
		const baseline = (scale: ReportScale) =>
			latest(
				answers.filter(
					(answer) =>
						answer.scale === scale &&
						answer.source === 'intake' &&
						Temporal.Instant.compare(answer.answeredAt, intake.startedAt) >= 0
				)
			);
		const checkIn = (scale: ReportScale, appointmentId: number) =>
			latest(
				answers.filter(
					(answer) =>
						answer.scale === scale &&
						answer.source !== 'intake' &&
						answer.appointmentId === appointmentId
				)
			);
		const firstScores = { nprs: baseline('nprs'), peg: baseline('peg') };
		records.push({
			patientId: String(patientId),
			conditions: conditionTagsFromPain(pain),
			chronicity: pain.duration,
			visits: visits.map((visit, index): VisitScores => {
				const score = (scale: ReportScale) =>
					(index === 0 ? firstScores[scale] : null) ?? checkIn(scale, visit.appointmentId);
				return {
					date: localDate(visit.start).toString(),
					nprs: score('nprs'),
					peg: score('peg')
				};
			})
		});
	}
	return records;
}

/** Why a patient with a submitted intake is not in the report; the first rule that fails. */
export type ExclusionReason = 'not_low_back' | 'not_chronic' | 'too_few_visits';

/** How many patients with a submitted intake are left out, by the first rule each fails. */
export function reportExclusions(
	records: readonly PatientOutcomeRecord[]
): Record<ExclusionReason, number> {
	const counts: Record<ExclusionReason, number> = {
		not_low_back: 0,
		not_chronic: 0,
		too_few_visits: 0
	};
	for (const record of records) {
		if (includedInReport(record)) continue;
		if (!record.conditions.includes(lowBackPainTag)) counts.not_low_back++;
		else if (record.chronicity !== 'chronic') counts.not_chronic++;
		else counts.too_few_visits++;
	}
	return counts;
}

function laterIntake(a: SubmittedIntake, b: SubmittedIntake): boolean {
	const order = Temporal.Instant.compare(a.submittedAt, b.submittedAt);
	return order > 0 || (order === 0 && a.id > b.id);
}

/** The latest answer's score in points (a correction is a later answer), or null. */
function latest(answers: readonly ScoreAnswer[]): number | null {
	let found: ScoreAnswer | null = null;
	for (const answer of answers) {
		if (
			!found ||
			Temporal.Instant.compare(answer.answeredAt, found.answeredAt) > 0 ||
			(Temporal.Instant.compare(answer.answeredAt, found.answeredAt) === 0 && answer.id > found.id)
		) {
			found = answer;
		}
	}
	return found ? found.scoreTenths / 10 : null;
}

function groupBy<T>(items: readonly T[], key: (item: T) => number): Map<number, T[]> {
	const groups = new Map<number, T[]>();
	for (const item of items) {
		const id = key(item);
		const group = groups.get(id);
		if (group) group.push(item);
		else groups.set(id, [item]);
	}
	return groups;
}
