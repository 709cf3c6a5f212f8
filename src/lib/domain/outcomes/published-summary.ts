import type { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import { minimumVisits, type ClinicOutcomeReport, type ScaleSummary } from './clinic-report';
import { meaningfulChangeRules } from './meaningful-change';

/*
 * The clinic outcome summary as it is published: a snapshot of the owner's report taken when
 * the owner presses Publish, stored as it was, limitations text included. The website shows
 * the snapshot, not a live report, so what the public reads is exactly what the owner saw and
 * approved, and it does not shift whenever one patient answers a question. It holds counts,
 * medians, the fixed limitation sentences and the date it was computed: nothing about any
 * patient. `outcomeSummarySchema` is strict, so a stored summary with any other field is
 * refused rather than shown.
 */

/** What is stored and shown for one published summary. */
export interface OutcomeSummarySnapshot {
	/** The clinic-local date the figures were computed, "2027-03-15". */
	computedOn: string;
	/** Patients in the report. */
	included: number;
	/** Visits a patient needed to be included. */
	minimumVisits: number;
	nprs: ScaleSummary;
	peg: ScaleSummary;
	/** What the figures cannot show, as worded when published. */
	limitations: string[];
}

/** The snapshot of a report, to store when the owner publishes it. */
export function outcomeSummarySnapshot(
	report: ClinicOutcomeReport,
	computedOn: Temporal.PlainDate
): OutcomeSummarySnapshot {
	const scale = (summary: ScaleSummary): ScaleSummary => ({
		withData: summary.withData,
		improved: summary.improved,
		noMeaningfulChange: summary.noMeaningfulChange,
		worsened: summary.worsened,
		startedNearBest: summary.startedNearBest ?? 0,
		startedNearBestWorsened: summary.startedNearBestWorsened ?? 0,
		missing: summary.missing,
		medianChange: summary.medianChange
	});
	return {
		computedOn: computedOn.toString(),
		included: report.included,
		minimumVisits,
		nprs: scale(report.nprs),
		peg: scale(report.peg),
		limitations: [...report.limitations]
	};
}

const count = z.number().int().min(0);
const scaleSchema = z.strictObject({
	withData: count,
	improved: count,
	noMeaningfulChange: count,
	worsened: count,
	// Optional so that a summary published before ADR 0041 still reads; see
	// `countedUnderCurrentRule` for what is done with one.
	startedNearBest: count.optional(),
	startedNearBestWorsened: count.optional(),
	missing: count,
	medianChange: z.number().min(-10).max(10).nullable()
});

/** The stored form of a snapshot; strict, so an unexpected field is an error. */
export const outcomeSummarySchema = z.strictObject({
	computedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
	included: count,
	minimumVisits: count,
	nprs: scaleSchema,
	peg: scaleSchema,
	limitations: z.array(z.string().min(1)).min(1)
});

/** Reads a stored snapshot (its JSON text), or null when it is not one. */
export function readOutcomeSummary(json: string): OutcomeSummarySnapshot | null {
	let value: unknown;
	try {
		value = JSON.parse(json);
	} catch {
		return null;
	}
	const parsed = outcomeSummarySchema.safeParse(value);
	return parsed.success ? parsed.data : null;
}

/**
 * Whether a stored summary was counted under the current rule of meaningful change (ADR 0041:
 * points only, a low first score reported apart). A summary published before it used "2 points
 * or 30%", which called a 1-point fall from 3 an improvement; the website does not show it,
 * and the owner's page asks for it to be published again.
 */
export function countedUnderCurrentRule(
	summary: Pick<OutcomeSummarySnapshot, 'nprs' | 'peg'>
): boolean {
	return [summary.nprs, summary.peg].every(
		(scale) => scale.startedNearBest !== undefined && scale.startedNearBestWorsened !== undefined
	);
}

/** How one scale is described in plain words, on the owner's page and the public one. */
export interface ScaleDescription {
	/** e.g. "Pain right now (NPRS)". */
	title: string;
	/** What was asked and what counts as a meaningful change. */
	explanation: string;
	/** One sentence per group of patients, every included patient in exactly one. */
	groups: { label: string; count: number }[];
	/** The median change in plain words. */
	median: string;
}

const nearBest = (scale: 'nprs' | 'peg') => meaningfulChangeRules[scale].nearBestWithin;

/** Why a low first score is counted apart, the same for both scales. */
const apartReason = (scale: 'nprs' | 'peg') =>
	`Patients whose first score was ${nearBest(scale)} or less had little room to get better by more than a score varies from day to day, so they are counted apart, neither as better nor as unchanged.`;

const scaleTexts = {
	nprs: {
		title: 'Pain right now (NPRS)',
		explanation: `Patients rated their pain at that moment from 0 (none) to 10 (the worst imaginable). A meaningful improvement is a fall of at least ${meaningfulChangeRules.nprs.points} points from their first score; a meaningful worsening is a rise of at least ${meaningfulChangeRules.nprs.points} points. ${apartReason('nprs')}`
	},
	peg: {
		title: 'Pain and its effect on daily life over the past week (PEG)',
		explanation: `Patients rated, from 0 to 10, their pain over the past week and how much it got in the way of enjoying life and of everyday activities; the score is the average of the three. A change of at least ${meaningfulChangeRules.peg.points} point either way counts as meaningful; this threshold is our own choice. ${apartReason('peg')}`
	}
} as const;

/** The explanation of a summary counted before ADR 0041, shown to the owner only. */
const earlierRule =
	'Counted under an earlier rule, which also called a fall of 30% an improvement, even a fall of 1 point from 3. Publish the summary again to count it under the current rule.';

/** A count of patients in words: "1 patient", "24 patients". */
export function patientCount(count: number): string {
	return `${count} ${count === 1 ? 'patient' : 'patients'}`;
}

/** Describes one scale's figures in plain words; every included patient is in one group. */
export function describeScale(scale: 'nprs' | 'peg', summary: ScaleSummary): ScaleDescription {
	const apart = summary.startedNearBest;
	const worseApart = summary.startedNearBestWorsened ?? 0;
	const startedLow =
		apart === undefined
			? []
			: [
					{
						label: `Started with little pain (first score ${nearBest(scale)} or less), counted apart${
							worseApart > 0 ? `; of them, ${patientCount(worseApart)} got meaningfully worse` : ''
						}`,
						count: apart
					}
				];
	return {
		title: scaleTexts[scale].title,
		explanation: apart === undefined ? earlierRule : scaleTexts[scale].explanation,
		groups: [
			{ label: 'Meaningfully better', count: summary.improved },
			{ label: 'No meaningful change', count: summary.noMeaningfulChange },
			{ label: 'Meaningfully worse', count: summary.worsened },
			...startedLow,
			{ label: 'Not enough answers to tell (missing)', count: summary.missing }
		],
		median: describeMedian(summary)
	};
}

/** The median change as a sentence, e.g. "a fall of 2.5 points". */
export function describeMedian(summary: ScaleSummary): string {
	const change = summary.medianChange;
	const who = `Among the ${patientCount(summary.withData)} who answered at least twice`;
	if (change === null || summary.withData === 0) {
		return 'Nobody answered often enough to compare a first and a last score.';
	}
	if (change === 0) return `${who}, the median change from first to last score was no change.`;
	const size = Math.abs(change);
	const points = `${size} ${size === 1 ? 'point' : 'points'}`;
	return `${who}, the median change from first to last score was a ${change < 0 ? 'fall' : 'rise'} of ${points}.`;
}

/** The rule that puts a patient in the report, in words. */
export function inclusionRule(visits: number = minimumVisits): string {
	return `A patient is counted when the health questionnaire they filled in before treatment marks the lower back on the body map, says the pain had lasted 12 weeks or more (chronic), and they then came to at least ${visits} visits. Each patient's first score is from before their first treatment and their last is from their latest visit with an answer.`;
}
