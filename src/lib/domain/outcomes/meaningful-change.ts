import { scales, scoreMax, scoreMin, type ScaleId } from './scales';

/*
 * Whether a change in score is large enough to matter to a patient. Smaller changes are within
 * what a scale wobbles from one day to the next, so a chart or report must not call them
 * progress (ADR 0041, which replaces the "2 points or 30%" of ADR 0023).
 *
 * Two rules keep change within measurement error from being called improvement:
 * - Only points count. "Or 30%" is gone: from a first score of 3, 30% is a single point, well
 *   inside a 0-10 rating's day-to-day wobble.
 * - A patient whose first score was already near the best end of the scale (3 or less on a
 *   pain scale, 7 or more on the activity scale) has little room to show a meaningful gain, so
 *   they are reported apart, "started with little pain or limitation", never counted as
 *   improved or unchanged. A meaningful worsening is still reported as one.
 *
 * All arithmetic is done in tenths of a point (scores are kept to one decimal), so that
 * 5.3 - 3.3 counts as the 2 points it is rather than as 1.9999999999999996.
 */

export interface MeaningfulChangeRule {
	/** The smallest change, in points, that counts, better or worse. */
	points: number;
	/**
	 * First scores within this many points of the best end of the scale (0 for pain, 10 for
	 * activities) are reported apart: "started with little pain or limitation".
	 */
	nearBestWithin: number;
	/** Where the threshold comes from, for the chart and the practitioner. */
	source: string;
}

/** The thresholds and where each comes from (the choices are the clinic's where so stated). */
export const meaningfulChangeRules: Record<ScaleId, MeaningfulChangeRule> = {
	nprs: {
		points: 2,
		nearBestWithin: 3,
		source:
			'A change of at least 2 points (Ostelo et al. 2008, Spine). Their alternative of 30% is not used, because from a low first score it is a single point. A first score of 3 or less is reported apart: our choice.'
	},
	peg: {
		points: 1,
		nearBestWithin: 3,
		source:
			'A change of at least 1 point in the average: our own choice. Krebs et al. 2009, who developed the PEG, report no threshold for a meaningful change. A first score of 3 or less is reported apart: our choice.'
	},
	psfs: {
		points: 2,
		nearBestWithin: 3,
		source:
			'A change of about 2 points in the average activity rating, within the range reported by a systematic review of this scale (Horn et al. 2012, J Orthop Sports Phys Ther). A first score of 7 or more is reported apart: our choice.'
	}
};

/** What a follow-up score says compared with the baseline. */
export type ChangeVerdict =
	| 'improved'
	| 'worsened'
	| 'no_meaningful_change'
	/** The first score was near the best end: no meaningful gain is possible to tell, not counted. */
	| 'started_near_best'
	| 'not_enough_data';

export interface ChangeAssessment {
	scale: ScaleId;
	verdict: ChangeVerdict;
	baseline: number | null;
	followUp: number | null;
	/** Follow-up minus baseline, in points; null without both scores. */
	change: number | null;
	/** The change in the better direction (positive is better whichever way the scale runs). */
	improvement: number | null;
	/**
	 * Whether the first score was near the best end of the scale (see `nearBestWithin`); such
	 * a patient is reported apart, whether or not they then worsened.
	 */
	startedNearBest: boolean;
}

/** A score that may not have been given. */
export type MaybeScore = number | null | undefined;

/**
 * Compares a follow-up score with the baseline. Missing either score gives
 * 'not_enough_data' (never 'no_meaningful_change', which would be a finding). A change of at
 * least the rule's points is 'improved' or 'worsened'; a first score near the best end of the
 * scale gives 'started_near_best' unless the patient meaningfully worsened.
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
			improvement: null,
			startedNearBest: false
		};
	}
	const base = toTenths(baseline);
	const follow = toTenths(followUp);
	const gain = scales[scale].lowerIsBetter ? base - follow : follow - base;
	const points = meaningfulChangeRules[scale].points * 10;
	const nearBest = startsNearBest(scale, base);
	const verdict: ChangeVerdict =
		-gain >= points
			? 'worsened'
			: nearBest
				? 'started_near_best'
				: gain >= points
					? 'improved'
					: 'no_meaningful_change';
	return {
		scale,
		verdict,
		baseline: base / 10,
		followUp: follow / 10,
		change: (follow - base) / 10 || 0,
		improvement: gain / 10 || 0,
		startedNearBest: nearBest
	};
}

/** Whether a first score (in tenths) is within the rule's reach of the best end of the scale. */
function startsNearBest(scale: ScaleId, baseTenths: number): boolean {
	const within = meaningfulChangeRules[scale].nearBestWithin * 10;
	return scales[scale].lowerIsBetter
		? baseTenths <= scoreMin * 10 + within
		: baseTenths >= scoreMax * 10 - within;
}

/**
 * Whether a first score is near the best end of its scale, so a patient starting there is
 * reported apart ("started with little pain or limitation").
 */
export function startedNearBest(scale: ScaleId, baseline: number): boolean {
	return startsNearBest(scale, toTenths(baseline));
}

/** The scores at which a follow-up starts to count as a change, for a given baseline. */
export interface ChangeThresholds {
	/**
	 * The score at or beyond which the patient has meaningfully improved (at or below it for
	 * pain, at or above it for function); null when the baseline leaves no room to improve or
	 * starts near the best end of the scale (then no gain is counted).
	 */
	improvedAt: number | null;
	/** The score at or beyond which the patient has meaningfully worsened, or null. */
	worsenedAt: number | null;
}

/**
 * The thresholds of meaningful change around a baseline, for drawing on a chart. They agree
 * with `assessChange` for every score on the 0-10 scale in tenths (a property test holds them
 * to it).
 */
export function changeThresholds(scale: ScaleId, baseline: number): ChangeThresholds {
	const base = toTenths(baseline);
	const points = meaningfulChangeRules[scale].points * 10;
	const inRange = (tenths: number) =>
		tenths >= scoreMin * 10 && tenths <= scoreMax * 10 ? tenths / 10 : null;
	const nearBest = startsNearBest(scale, base);
	if (scales[scale].lowerIsBetter) {
		return {
			improvedAt: nearBest ? null : inRange(base - points),
			worsenedAt: inRange(base + points)
		};
	}
	return {
		improvedAt: nearBest ? null : inRange(base + points),
		worsenedAt: inRange(base - points)
	};
}

/** A score in whole tenths, refusing anything off the 0-10 scale (a bug upstream, not data). */
function toTenths(score: number): number {
	if (!Number.isFinite(score) || score < scoreMin || score > scoreMax) {
		throw new RangeError(`A score is from ${scoreMin} to ${scoreMax}, not ${score}.`);
	}
	return Math.round(score * 10);
}
