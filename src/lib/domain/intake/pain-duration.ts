import { Temporal } from 'temporal-polyfill';

/*
 * How long back pain has lasted, in the bands clinical guidelines use: acute under 6 weeks,
 * subacute 6 to under 12 weeks, chronic 12 weeks or more. Chronic low back pain is where the
 * evidence for acupuncture lies (and what the clinic report counts), so the band is stored
 * with the intake rather than recomputed later from a date that may be edited.
 */

/** The duration band of a patient's pain. */
export type PainDuration = 'acute' | 'subacute' | 'chronic';

/** Plain labels for staff and patients. */
export const painDurationLabels: Record<PainDuration, string> = {
	acute: 'Acute (under 6 weeks)',
	subacute: 'Subacute (6 to 12 weeks)',
	chronic: 'Chronic (12 weeks or more)'
};

/** Whole days between onset and today (onset day itself is day 0). */
export function daysSinceOnset(onset: Temporal.PlainDate, today: Temporal.PlainDate): number {
	return onset.until(today, { largestUnit: 'days' }).days;
}

/**
 * Classifies pain by its onset date. Day-based (42 and 84 days) so that "6 weeks" means the
 * same thing across month lengths. An onset after `today` is an error upstream (the intake
 * form refuses future dates), so it throws rather than guessing.
 */
export function classifyPainDuration(
	onset: Temporal.PlainDate,
	today: Temporal.PlainDate
): PainDuration {
	const days = daysSinceOnset(onset, today);
	if (days < 0) throw new RangeError(`Pain onset ${onset} is after today, ${today}.`);
	if (days < 6 * 7) return 'acute';
	if (days < 12 * 7) return 'subacute';
	return 'chronic';
}
