import { Temporal } from 'temporal-polyfill';
import {
	choiceField,
	formSchema,
	parseForm,
	type FormResult,
	type FormValues
} from '../intake/form-values';
import { conditionSetIds } from '../intake/red-flag-sets';
import { redFlagSetsForPain, type PainStep } from '../intake/intake-steps';
import {
	askedQuestionIds,
	screenRedFlags,
	type ConditionSetId,
	type Screening
} from '../intake/red-flags';
import { checkInFormSchema, type CheckInResponse } from './scale-forms';
import { psfsMaxActivities, psfsMinActivities, type PsfsActivity } from './scales';

/*
 * The check-in a patient answers before each visit (issue 5): NPRS and PEG every time, PSFS at
 * every fourth visit, and the red-flag questions again. Whether it is open, which visit this
 * is and what the form posts are the clinic's rules, so they live here, pure.
 */

/** The red-flag sets a check-in asks, and whether the reason for the visit was known. */
export interface CheckInRedFlagSets {
	sets: ConditionSetId[];
	/**
	 * False when no health form gave the reason for the visit: then every set is asked, and the
	 * form says why (hazard H6a).
	 */
	reasonKnown: boolean;
}

/**
 * The warning signs a check-in asks about: those of the reasons the health form gave (its
 * pain step; `redFlagSetsForPain`), or, with no health form to say what the patient is coming
 * about, every set the clinic has. Asking the back set alone then would ask a headache patient
 * about their back and miss a thunderclap headache (hazard H6a); asking every set is longer,
 * but it is the only honest choice when the reason is unknown.
 */
export function checkInRedFlagSets(pain: PainStep | null | undefined): CheckInRedFlagSets {
	if (!pain) return { sets: [...conditionSetIds], reasonKnown: false };
	return { sets: redFlagSetsForPain(pain), reasonKnown: true };
}

/** How long before the visit the check-in opens. */
export const checkInOpensHoursBefore = 48;

/** How long a kiosk token lets the front desk's tablet show a check-in. */
export const kioskTokenMinutes = 20;

/** Statuses of an appointment whose check-in may still be answered. */
const answerableStatuses = new Set(['booked', 'arrived', 'completed']);

/** Where a visit's check-in stands at a moment. */
export type CheckInWindowState = 'not_yet' | 'open' | 'closed';

/**
 * The check-in's window: from 48 hours before the visit starts until the end of the visit's
 * calendar day in the clinic's zone (a patient who answers in the waiting room, or just after
 * the visit, still counts for that visit). Half-open: `closesAt` itself is closed.
 */
export function checkInWindow(
	start: Temporal.Instant,
	timeZone: string
): { opensAt: Temporal.Instant; closesAt: Temporal.Instant } {
	const visitDay = start.toZonedDateTimeISO(timeZone).toPlainDate();
	return {
		opensAt: start.subtract({ hours: checkInOpensHoursBefore }),
		closesAt: visitDay.add({ days: 1 }).toZonedDateTime({ timeZone }).toInstant()
	};
}

/**
 * Whether a visit's check-in is open at `now`. A cancelled visit or a no-show is closed
 * whatever the time.
 */
export function checkInWindowState(
	appointment: { start: Temporal.Instant; status: string },
	timeZone: string,
	now: Temporal.Instant
): CheckInWindowState {
	if (!answerableStatuses.has(appointment.status)) return 'closed';
	const { opensAt, closesAt } = checkInWindow(appointment.start, timeZone);
	if (Temporal.Instant.compare(now, opensAt) < 0) return 'not_yet';
	if (Temporal.Instant.compare(now, closesAt) >= 0) return 'closed';
	return 'open';
}

/**
 * The number of this visit in the patient's course of treatment: the visits they attended
 * before it (appointments marked arrived or completed that started earlier), plus one. The
 * visit itself is not counted even when the front desk has marked it arrived already, so the
 * number does not change between the reminder and the waiting room; cancelled visits and
 * no-shows are not visits.
 */
export function visitNumber(attendedEarlierVisits: number): number {
	if (!Number.isInteger(attendedEarlierVisits) || attendedEarlierVisits < 0) {
		throw new RangeError('A count of visits is a whole number from 0.');
	}
	return attendedEarlierVisits + 1;
}

/**
 * The PSFS activities a stored answer names, from its items (JSON already parsed). Accepts the
 * shapes an answer may be stored in: `{ activities: [...] }` (what a check-in stores), a bare
 * array, or `{ psfs: { activities: [...] } }` (an intake step). Null unless there are 3 to 5
 * activities, each with an id and a name, since PSFS cannot be scored otherwise.
 */
export function psfsActivitiesFromItems(items: unknown): PsfsActivity[] | null {
	const list = Array.isArray(items)
		? items
		: isRecord(items) && Array.isArray(items.activities)
			? items.activities
			: isRecord(items) && isRecord(items.psfs) && Array.isArray(items.psfs.activities)
				? items.psfs.activities
				: null;
	if (!list) return null;
	const activities: PsfsActivity[] = [];
	for (const entry of list) {
		if (!isRecord(entry)) return null;
		const { id, name } = entry;
		if (typeof id !== 'string' || !/^activity-[1-5]$/.test(id)) return null;
		if (typeof name !== 'string' || name.trim() === '') return null;
		activities.push({ id, name: name.trim() });
	}
	if (activities.length < psfsMinActivities || activities.length > psfsMaxActivities) return null;
	return activities;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The red-flag answers of a check-in, and what they mean. */
export interface RedFlagAnswers {
	answers: Record<string, 'yes' | 'no'>;
	screening: Screening;
}

/**
 * The red-flag answers of a check-in for some condition sets. Each question asks about a change
 * "since your last visit", so a yes counts even for a finding a doctor has seen. Every asked
 * question needs a yes or a no: an unanswered question is not a "no".
 */
export function redFlagAnswersSchema(sets: readonly ConditionSetId[]) {
	const asked = askedQuestionIds(sets, 'since_last_visit');
	return formSchema((form): RedFlagAnswers => {
		const answer = choiceField(['yes', 'no'], 'Please answer yes or no.');
		const answers: Record<string, 'yes' | 'no'> = {};
		for (const id of asked) answers[id] = form.field(id, answer, 'no');
		const yes = asked.filter((id) => answers[id] === 'yes');
		return { answers, screening: screenRedFlags(yes, { occasion: 'since_last_visit' }) };
	});
}

/** A complete check-in: the scores and the red-flag answers. */
export interface VisitCheckIn extends CheckInResponse {
	redFlags: RedFlagAnswers;
}

/** What a refused check-in still tells: the red-flag answers when they alone are complete. */
export type VisitCheckInResult =
	| { ok: true; data: VisitCheckIn }
	| { ok: false; errors: Record<string, string>; redFlags: RedFlagAnswers | null };

/**
 * Parses a posted check-in. Every message comes back at once, keyed by field name. When the
 * scores are incomplete but the red-flag answers are complete, those answers are returned
 * too, so that an emergency is acted on at once rather than after the patient fixes a score.
 */
export function parseVisitCheckIn(
	values: FormValues,
	psfsActivities: readonly PsfsActivity[] | null,
	redFlagSets: readonly ConditionSetId[] = ['back']
): VisitCheckInResult {
	const scores: FormResult<CheckInResponse> = parseForm(checkInFormSchema(psfsActivities), values);
	const flags = parseForm(redFlagAnswersSchema(redFlagSets), values);
	if (scores.ok && flags.ok) return { ok: true, data: { ...scores.data, redFlags: flags.data } };
	return {
		ok: false,
		errors: { ...(scores.ok ? {} : scores.errors), ...(flags.ok ? {} : flags.errors) },
		redFlags: flags.ok ? flags.data : null
	};
}

/**
 * Whether the red-flag answers of a check-in put its visit up for a clinician's review. At a
 * visit every warning sign counts, the emergency tier included: unlike a booking, the visit
 * exists, and nobody should needle a patient with a possible emergency before a doctor has
 * seen them.
 */
export function visitNeedsReview(screening: Screening): boolean {
	return screening.outcome !== 'none';
}
