import { scales, scoreMax, scoreMin, type ScaleId } from './scales';

/*
 * Whether a change in score is large enough to matter to a patient, by the thresholds in the
 * product brief. Smaller changes are within what a scale wobbles from one day to the next, so
 * a chart or report must not call them progress.
 *
 * All arithmetic is done in tenths of a point (scores are kept to one decimal), so that
 * 5.3 - 3.3 counts as the 2 points it is rather than as 1.9999999999999996.
 */

export interface MeaningfulChangeRule {
	/** The smallest change, in points, that counts. */
	points: number;
	/**
	 * A percentage of the baseline that also counts as improvement (either rule suffices), or
	 * null. Only improvement: the percentages were established for getting better, and a
	 * percentage of a low baseline would call 1 -> 2 a doubling of pain.
	 */
	improvementPercent: number | null;
	/** Where the threshold comes from. */
	source: string;
}

/** The thresholds from the product brief. */
export const meaningfulChangeRules: Record<ScaleId, MeaningfulChangeRule> = {
	nprs: {
		points: 2,
		improvementPercent: 30,
		source: 'Ostelo et al. 2008: a fall of 2 points or 30% from the first score.'
	},
	peg: {
		points: 1,
		improvementPercent: null,
		source: 'Krebs et al. 2009: a change of about 1 point.'
	},
	psfs: {
		points: 2,
		improvementPercent: null,
		source: 'A change of 2 points in the average activity rating.'
	}
};

/** What a follow-up score says compared with the baseline. */
export type ChangeVerdict = 'improved' | 'worsened' | 'no_meaningful_change' | 'not_enough_data';

export interface ChangeAssessment {
	scale: ScaleId;
	verdict: ChangeVerdict;
	baseline: number | null;
	followUp: number | null;
	/** Follow-up minus baseline, in points; null without both scores. */
	change: number | null;
	/** The change in the better direction (positive is better whichever way the scale runs). */
	improvement: number | null;
}

/** A score that may not have been given. */
export type MaybeScore = number | null | undefined;

/**
 * Compares a follow-up score with the baseline. Missing either score gives
 * 'not_enough_data' (never 'no_meaningful_change', which would be a finding). For NPRS a
 * fall of 2 points or of 30% is an improvement; a baseline of 0 cannot improve. Worsening uses
 * the points threshold only (see `MeaningfulChangeRule.improvementPercent`).
 */
export function assessChange(
	scale: ScaleId,
	baseline: MaybeScore,
	followUp: MaybeScore
): ChangeAssessment {
	if (baseline === null || baseline === undefined || followUp === null || followUp === undefined) {
		return {
			scale,
			verdict: 'not_enough_data',
			baseline: baseline ?? null,
			followUp: followUp ?? null,
			change: null,
			improvement: null
		};
	}
	const base = toTenths(baseline);
	const follow = toTenths(followUp);
	const gain = scales[scale].lowerIsBetter ? base - follow : follow - base;
	const rule = meaningfulChangeRules[scale];
	const points = rule.points * 10;
	const percent = rule.improvementPercent;
	const improved = gain >= points || (percent !== null && gain > 0 && gain * 100 >= percent * base);
	const verdict: ChangeVerdict = improved
		? 'improved'
		: -gain >= points
			? 'worsened'
			: 'no_meaningful_change';
	return {
		scale,
		verdict,
		baseline: base / 10,
		followUp: follow / 10,
		change: (follow - base) / 10 || 0,
		improvement: gain / 10 || 0
	};
}

/** The scores at which a follow-up starts to count as a change, for a given baseline. */
export interface ChangeThresholds {
	/**
	 * The score at or beyond which the patient has meaningfully improved (at or below it for
	 * pain, at or above it for function); null when the baseline leaves no room to improve.
	 */
	improvedAt: number | null;
	/** The score at or beyond which the patient has meaningfully worsened, or null. */
	worsenedAt: number | null;
}

/**
 * The thresholds of meaningful change around a baseline, for drawing on a chart. They agree
 * with `assessChange` for every score on the 0-10 scale in tenths (a property test holds them
 * to it). For NPRS the improvement line is whichever of "2 points" and "30%" is easier to reach.
 */
export function changeThresholds(scale: ScaleId, baseline: number): ChangeThresholds {
	const base = toTenths(baseline);
	const rule = meaningfulChangeRules[scale];
	const points = rule.points * 10;
	const percent = rule.improvementPercent;
	const inRange = (tenths: number) =>
		tenths >= scoreMin * 10 && tenths <= scoreMax * 10 ? tenths / 10 : null;
	if (scales[scale].lowerIsBetter) {
		let improvedAt = base - points;
		if (percent !== null && base > 0) {
			improvedAt = Math.max(improvedAt, Math.floor((base * (100 - percent)) / 100));
		}
		return { improvedAt: inRange(improvedAt), worsenedAt: inRange(base + points) };
	}
	return { improvedAt: inRange(base + points), worsenedAt: inRange(base - points) };
}

/** A score in whole tenths, refusing anything off the 0-10 scale (a bug upstream, not data). */
function toTenths(score: number): number {
	if (!Number.isFinite(score) || score < scoreMin || score > scoreMax) {
		throw new RangeError(`A score is from ${scoreMin} to ${scoreMax}, not ${score}.`);
	}
	return Math.round(score * 10);
}
