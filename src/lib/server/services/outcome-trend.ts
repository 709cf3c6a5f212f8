import type { Kysely } from 'kysely';
import { trendChart, type DatedScore, type TrendChart } from '$lib/domain/outcomes/trend-chart';
import type { ScaleId } from '$lib/domain/outcomes/scales';
import { can } from '$lib/domain/staff/roles';
import {
	listPatientOutcomeScores,
	type OutcomeScoreRow
} from '../db/repositories/outcome-repository';
import type { Database } from '../db/schema';
import type { StaffActor } from './audit';
import { staffForRecord } from './clinical-scope';
import { loadClinicZone } from './clinic-contact';

/*
 * A patient's scores over time, as charts with a data table (issue 5). The patient sees their
 * own progress on the manage page; practitioners and the owner see it on the patient's page.
 */

const chartedScales: readonly ScaleId[] = ['nprs', 'peg', 'psfs'];

/** One scale's chart, or null before the patient has a score on it. */
export interface ScaleTrend {
	scale: ScaleId;
	scores: number;
	chart: TrendChart | null;
}

/**
 * The date a score is charted on: a check-in's visit day (it may be answered up to two days
 * before), otherwise (an intake's baseline) the day it was answered; clinic time both.
 */
function chartDate(row: OutcomeScoreRow, timeZone: string): string {
	const instant = row.source === 'intake' ? row.answeredAt : (row.visitStart ?? row.answeredAt);
	return instant.toZonedDateTimeISO(timeZone).toPlainDate().toString();
}

/** Every charted scale for a patient, with the number of scores on each. */
export async function loadPatientTrends(
	db: Kysely<Database>,
	patientId: number | readonly number[]
): Promise<ScaleTrend[]> {
	const [rows, zone] = await Promise.all([
		listPatientOutcomeScores(db, patientId),
		loadClinicZone(db)
	]);
	return chartedScales.map((scale) => {
		const series: DatedScore[] = rows
			.filter((row) => row.scale === scale)
			.map((row) => ({ date: chartDate(row, zone.timeZone), score: row.score }));
		return {
			scale,
			scores: series.length,
			chart: series.length > 0 ? trendChart(scale, series) : null
		};
	});
}

/**
 * The patient's own progress, for a page reached by proof of the inbox (not a manage link,
 * which reaches only its appointment: ADR 0029): only the scales with at least two scores (one
 * score is not a trend), and nothing at all before that. Pass `patientRecordIds`.
 */
export async function loadPatientProgress(
	db: Kysely<Database>,
	patientId: number | readonly number[]
): Promise<TrendChart[]> {
	const trends = await loadPatientTrends(db, patientId);
	return trends
		.filter((trend) => trend.scores >= 2)
		.flatMap((trend) => (trend.chart ? [trend.chart] : []));
}

/**
 * The outcome charts on a patient's staff page, for those who may see outcomes
 * (`outcomes.view`: practitioners and the owner, or break-glass access); null for anyone
 * else, so the front desk sees nothing of them. The page's own view is audited as
 * patient.view.
 */
export async function loadStaffOutcomeTrends(
	db: Kysely<Database>,
	patientId: number | readonly number[],
	staff: StaffActor
): Promise<ScaleTrend[] | null> {
	if (!can(staff, 'outcomes.view')) return null;
	const ids = typeof patientId === 'number' ? [patientId] : patientId;
	if (!can(await staffForRecord(db, staff, ids), 'outcomes.view')) return null;
	return loadPatientTrends(db, patientId);
}
