/*
 * How a back pain check done on the website bears on an online booking made afterwards in the
 * same browser (ADR 0019). The browser keeps only a random token; the check itself is stored.
 */
import type { Temporal } from 'temporal-polyfill';
import {
	conditionSetIds,
	conditionSets,
	type RedFlagQuestion,
	type ScreeningOutcome
} from './red-flags';

/** The cookie that ties a browser to its latest back pain check (a random token, no data). */
export const screeningCookieName = 'back_pain_check';

/**
 * How long a check counts for booking: the cookie's life, and how long an emergency answer
 * keeps online booking closed in that browser. Calling the clinic is always possible.
 */
export const screeningLifetimeHours = 24;

/** A stored check as the rule needs it. */
export interface ScreeningForBooking {
	id: number;
	outcome: ScreeningOutcome;
	screenedAt: Temporal.Instant;
}

/** What a booking made now may do, given the browser's latest check. */
export type BookingGate =
	| { kind: 'no_check' }
	| { kind: 'emergency'; screeningId: number; until: Temporal.Instant }
	| { kind: 'link'; screeningId: number; needsClinicianReview: boolean };

/** When a check stops counting. */
export function screeningExpiresAt(screenedAt: Temporal.Instant): Temporal.Instant {
	return screenedAt.add({ hours: screeningLifetimeHours });
}

/**
 * The rule: no check (or one older than its lifetime, whatever the cookie says) changes
 * nothing; an emergency outcome closes online booking until it expires; same-day and
 * within-days outcomes are linked and flagged for a clinician's review; "none" is linked only.
 */
export function bookingGate(
	screening: ScreeningForBooking | null,
	now: Temporal.Instant
): BookingGate {
	if (!screening) return { kind: 'no_check' };
	const until = screeningExpiresAt(screening.screenedAt);
	if (until.epochMilliseconds <= now.epochMilliseconds) return { kind: 'no_check' };
	if (screening.screenedAt.epochMilliseconds > now.epochMilliseconds) return { kind: 'no_check' };
	if (screening.outcome === 'emergency') {
		return { kind: 'emergency', screeningId: screening.id, until };
	}
	return {
		kind: 'link',
		screeningId: screening.id,
		needsClinicianReview: screening.outcome === 'same_day' || screening.outcome === 'within_days'
	};
}

/**
 * Whether a new check replaces the browser's token. Not while an earlier emergency answer is
 * still closing online booking: answering again differently must not reopen it (the new
 * answers are stored all the same, and the clinic can always be called).
 */
export function newCheckReplacesToken(previous: BookingGate): boolean {
	return previous.kind !== 'emergency';
}

/**
 * The questions answered yes, from any condition set, in the order they are asked, with the
 * text the patient was shown: at a visit's check-in, the "since your last visit" wording.
 */
export function questionsAnsweredYes(
	answers: Record<string, string>,
	occasion: 'first' | 'since_last_visit' = 'first'
): RedFlagQuestion[] {
	return conditionSetIds
		.flatMap((set) => conditionSets[set].questions)
		.filter((question) => answers[question.id] === 'yes')
		.map((question) =>
			occasion === 'since_last_visit' && question.sinceLastVisitText
				? { ...question, text: question.sinceLastVisitText }
				: question
		);
}

/** How staff read an outcome. */
export const outcomeLabels: Record<ScreeningOutcome, string> = {
	emergency: 'Emergency: told to go to an emergency department or call 911',
	same_day: 'See a doctor today',
	within_days: 'See a doctor within days',
	none: 'No warning signs answered'
};

/** How staff read where a screening was answered. */
export const screeningSourceLabels: Record<'back_pain_check' | 'intake' | 'visit', string> = {
	back_pain_check: 'Back pain check on the website',
	intake: 'Intake form',
	visit: 'At a visit'
};
