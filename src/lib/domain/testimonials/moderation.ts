import { z } from 'zod';
import { firstValue, parseForm, type FormResult, type FormValues } from '../intake/form-values';

/*
 * Staff publish or decline feedback the patient authorised for publishing. The FTC's rule on
 * consumer reviews (16 CFR 465.7) forbids suppressing reviews for being negative, so declining
 * needs one of a fixed list of reasons, none of which is about the rating or criticism: there
 * is no "negative" reason to choose, and a rating of 1 is published as readily as a 5.
 *
 * "Makes a health claim we cannot support" exists because published words become the
 * clinic's own advertising: "it cured my sciatica" would be a claim the evidence does not back
 * (ADR 0040). It is applied to the claim, whatever the rating: a 5-star review that claims a cure
 * and a 1-star review that claims harm the evidence does not show are declined alike, which is
 * the equal treatment 16 CFR 465.7 allows.
 */

/** Every reason staff may decline feedback for publishing. There is no other. */
export const declineReasons = [
	'other_person_details',
	'abuse',
	'spam_or_advertising',
	'off_topic',
	'patient_asked',
	'unsupported_health_claim'
] as const;

export type DeclineReason = (typeof declineReasons)[number];

export const declineReasonLabels: Record<DeclineReason, string> = {
	other_person_details: 'Names or health details of someone else',
	abuse: 'Abusive, threatening or hateful',
	spam_or_advertising: 'Spam or advertising',
	off_topic: 'Not about the clinic or its care',
	patient_asked: 'The patient asked us not to publish it',
	unsupported_health_claim: 'Makes a health claim we cannot support'
};

/** A moderation decision, as recorded (append-only). */
export type ModerationDecision =
	| { decision: 'publish'; note: string | null }
	| { decision: 'decline'; reason: DeclineReason; note: string | null };

/**
 * What the validator is given about the feedback being moderated. The rating and the words are
 * passed so that the property tests can show they change nothing: no rule here may read them.
 */
export interface ModerationSubject {
	/** The patient signed an authorization that is in effect (not revoked, not expired). */
	authorizationInEffect: boolean;
	/** The patient's rating, 1 to 5. */
	rating: number;
	/** The patient's words. */
	words: string;
}

const decisionMessage = 'Please choose to publish or to decline.';
const reasonMessage = 'Please choose one of the listed reasons for declining.';

const decisionFormSchema = z
	.object({
		decision: z.preprocess(firstValue, z.enum(['publish', 'decline'], { error: decisionMessage })),
		reason: z.preprocess((value) => firstValue(value)?.trim() ?? '', z.string()),
		note: z.preprocess(
			(value) => firstValue(value)?.trim() ?? '',
			z.string().max(500, 'Please keep the note under 500 characters.')
		)
	})
	.superRefine((values, context) => {
		if (values.decision === 'decline' && !isDeclineReason(values.reason)) {
			context.addIssue({ code: 'custom', path: ['reason'], message: reasonMessage });
		}
	})
	.transform((values): ModerationDecision => {
		const note = values.note === '' ? null : values.note;
		return values.decision === 'decline'
			? { decision: 'decline', reason: values.reason as DeclineReason, note }
			: { decision: 'publish', note };
	});

/** Whether a string is one of the fixed reasons. */
export function isDeclineReason(value: string): value is DeclineReason {
	return (declineReasons as readonly string[]).includes(value);
}

/**
 * Validates a staff member's decision (fields `decision`, `reason`, `note`). It is handed the
 * rating and the words but does not read them: nothing about what the patient said can make a
 * decision valid or invalid, only the reason chosen from the list. Publishing needs an
 * authorization in effect.
 */
export function validateModerationDecision(
	subject: ModerationSubject,
	values: FormValues
): FormResult<ModerationDecision> {
	const result = parseForm(decisionFormSchema, values);
	if (result.ok && result.data.decision === 'publish' && !subject.authorizationInEffect) {
		return {
			ok: false,
			errors: {
				decision:
					'This feedback cannot be published: the patient has not authorised it, or has revoked it.'
			}
		};
	}
	return result;
}

/** The owner's view of moderation: how many were published, and declined for each reason. */
export interface ModerationSummary {
	published: number;
	declined: number;
	byReason: Record<DeclineReason, number>;
}

/**
 * Counts the latest decision about each feedback (a later decision replaces an earlier one:
 * the table keeps both). Every reason is listed, with 0 when unused, so the owner sees the
 * whole list.
 */
export function summarizeModeration(
	decisions: readonly {
		id: number;
		feedbackId: number;
		decision: 'publish' | 'decline';
		reason: DeclineReason | null;
	}[]
): ModerationSummary {
	const latest = new Map<number, (typeof decisions)[number]>();
	for (const decision of decisions) {
		const current = latest.get(decision.feedbackId);
		if (!current || decision.id > current.id) latest.set(decision.feedbackId, decision);
	}
	const byReason = Object.fromEntries(declineReasons.map((reason) => [reason, 0])) as Record<
		DeclineReason,
		number
	>;
	let published = 0;
	let declined = 0;
	for (const decision of latest.values()) {
		if (decision.decision === 'publish') {
			published++;
		} else {
			declined++;
			if (decision.reason) byReason[decision.reason]++;
		}
	}
	return { published, declined, byReason };
}
