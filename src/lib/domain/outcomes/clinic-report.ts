import type { PainDuration } from '../intake/pain-duration';
import { assessChange, type MaybeScore } from './meaningful-change';

/*
 * The owner's summary of outcomes for chronic low back pain. It is meant to be honest enough
 * to publish: it counts everyone who qualifies (not only the patients who did well), it
 * reports missing data instead of treating it as "no change", it says what it cannot show,
 * and it contains nothing that identifies a person. Publishing waits for 20 patients, because
 * below that a single patient moves the figures a lot and small counts are easier to trace
 * back to someone.
 */

/** The condition tag that puts a patient in the report. */
export const lowBackPainTag = 'low-back-pain';

/** Visits needed before a patient counts: one course of treatment, not a single try. */
export const minimumVisits = 4;

/** Patients needed before the report may be published. */
export const minimumToPublish = 20;

/** One visit's scores; either may be missing. */
export interface VisitScores {
	/** The visit's calendar date, "2027-03-15"; used only to order the visits. */
	date: string;
	nprs: MaybeScore;
	peg: MaybeScore;
}

/** What the report reads about one patient. The id is never copied into the report. */
export interface PatientOutcomeRecord {
	patientId: string;
	/** Condition tags, such as 'low-back-pain'. */
	conditions: readonly string[];
	/** How long the pain had lasted at intake. */
	chronicity: PainDuration;
	visits: readonly VisitScores[];
}

/**
 * The figures for one scale. Every patient included falls in exactly one of improved,
 * noMeaningfulChange, worsened, startedNearBest and missing.
 */
export interface ScaleSummary {
	/** Patients with at least two scored visits on this scale. */
	withData: number;
	/** Meaningfully better, among those who did not start near the best end of the scale. */
	improved: number;
	noMeaningfulChange: number;
	/** Meaningfully worse, among those who did not start near the best end of the scale. */
	worsened: number;
	/**
	 * Patients whose first score was already near the best end of the scale (3 or less for
	 * pain): reported apart, never counted as better or unchanged (ADR 0041). Absent from a
	 * summary published before that rule, whose figures used "2 points or 30%".
	 */
	startedNearBest?: number;
	/** Of `startedNearBest`, those who got meaningfully worse (absent as above). */
	startedNearBestWorsened?: number;
	/** Patients with fewer than two scored visits on this scale: unknown, not unchanged. */
	missing: number;
	/**
	 * The median of (last score minus first score) among patients with data, in points; negative
	 * means less pain. Null when nobody has data.
	 */
	medianChange: number | null;
}

/** The plain statement of what the figures cannot show, published with them. */
export const reportLimitations = [
	'These figures describe our own patients; they are not a research study.',
	'There is no comparison group. We cannot tell how these patients would have done without acupuncture, or with a different treatment.',
	'Back pain often eases by itself over time, and people tend to come to us when their pain is at its worst, so some improvement would be expected whatever we did.',
	'Only patients who came to at least four visits are counted. People who stopped coming earlier, whether they felt better, felt worse or gave up, are not in these numbers, and that can make the results look better than they are.',
	'Some patients did not answer the questions at enough visits; they are counted as missing, not as unchanged.',
	'The questions are answered by patients themselves and measure pain and its effect on daily life, not what caused it.',
	'An average result says nothing certain about how any one person will do.'
] as const;

export type ReportLimitation = (typeof reportLimitations)[number];

/**
 * The report. Its only text is the fixed `reportLimitations`; everything else is a count, a
 * median or a flag. `_noIdentifiers` below stops anyone adding a field that could carry a
 * patient id, name or date.
 */
export interface ClinicOutcomeReport {
	/** Patients with chronic low back pain and at least four visits. */
	included: number;
	nprs: ScaleSummary;
	peg: ScaleSummary;
	/** True only when at least `minimumToPublish` patients are included. */
	publishable: boolean;
	minimumToPublish: number;
	limitations: typeof reportLimitations;
}

/** Every leaf value of a type, looking through objects and arrays. */
export type LeafValues<T> = T extends readonly (infer Item)[]
	? LeafValues<Item>
	: T extends object
		? { [Key in keyof T]: LeafValues<T[Key]> }[keyof T]
		: T;

/**
 * Compile-time guard: the report's leaves are numbers, booleans, null or the fixed limitation
 * sentences. A `string` field (an id, a name, a date) makes this line fail to type-check.
 */
const _noIdentifiers: [LeafValues<ClinicOutcomeReport>] extends [
	// undefined: the optional counts of ADR 0041, absent only from older published summaries.
	number | boolean | null | undefined | ReportLimitation
]
	? true
	: never = true;

/** Whether a patient belongs in the report: chronic low back pain and enough visits. */
export function includedInReport(record: PatientOutcomeRecord): boolean {
	return (
		record.conditions.includes(lowBackPainTag) &&
		record.chronicity === 'chronic' &&
		record.visits.length >= minimumVisits
	);
}

/**
 * Computes the clinic report. For each scale a patient's baseline is their first scored visit
 * and the follow-up their last scored visit (visits are put in date order first); fewer than
 * two scored visits counts as missing for that scale.
 */
export function clinicOutcomeReport(records: readonly PatientOutcomeRecord[]): ClinicOutcomeReport {
	const included = records.filter(includedInReport);
	return {
		included: included.length,
		nprs: summarize(included, 'nprs'),
		peg: summarize(included, 'peg'),
		publishable: included.length >= minimumToPublish,
		minimumToPublish,
		limitations: reportLimitations
	};
}

function summarize(records: readonly PatientOutcomeRecord[], scale: 'nprs' | 'peg'): ScaleSummary {
	const summary = {
		withData: 0,
		improved: 0,
		noMeaningfulChange: 0,
		worsened: 0,
		startedNearBest: 0,
		startedNearBestWorsened: 0,
		missing: 0
	};
	const changesInTenths: number[] = [];
	for (const record of records) {
		const scores = inDateOrder(record.visits)
			.map((visit) => visit[scale])
			.filter((score): score is number => score !== null && score !== undefined);
		const first = scores[0];
		const last = scores[scores.length - 1];
		if (scores.length < 2 || first === undefined || last === undefined) {
			summary.missing++;
			continue;
		}
		const assessment = assessChange(scale, first, last);
		summary.withData++;
		// A patient who started with little pain is reported apart, even if they got worse, so
		// the better/unchanged/worse counts all share one starting point (ADR 0041).
		if (assessment.startedNearBest) {
			summary.startedNearBest++;
			if (assessment.verdict === 'worsened') summary.startedNearBestWorsened++;
		} else if (assessment.verdict === 'improved') summary.improved++;
		else if (assessment.verdict === 'worsened') summary.worsened++;
		else summary.noMeaningfulChange++;
		changesInTenths.push(Math.round((assessment.change ?? 0) * 10));
	}
	return { ...summary, medianChange: median(changesInTenths) };
}

/** Visits by date; the sort is stable, so same-day visits keep the order they were recorded in. */
function inDateOrder(visits: readonly VisitScores[]): VisitScores[] {
	return [...visits].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** The median of changes kept in tenths, back in points (halfway between two for an even count). */
function median(tenths: number[]): number | null {
	if (tenths.length === 0) return null;
	const sorted = [...tenths].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	const value =
		sorted.length % 2 === 1
			? (sorted[middle] ?? 0)
			: ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
	return value / 10 || 0;
}
