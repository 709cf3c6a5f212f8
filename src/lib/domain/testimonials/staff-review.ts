import { z } from 'zod';
import { firstValue, parseForm, type FormResult, type FormValues } from '../intake/form-values';
import { declineReasonLabels, declineReasons, type DeclineReason } from './moderation';
import {
	connectionKinds,
	type ConnectionDisclosure,
	type ConnectionKind
} from './publication-choice';

/*
 * What staff see and decide about feedback (issue 6): where each feedback stands, the
 * connection to the clinic staff may add when publishing, and the note staff keep when a
 * patient revokes in writing. Nothing here reads the rating or the words to decide anything:
 * the status depends only on the patient's permission and the latest staff decision.
 */

/** Where a feedback stands, as the staff inbox groups it. */
export const feedbackStatuses = [
	'waiting',
	'published',
	'declined',
	'not_for_publishing',
	'revoked_or_expired'
] as const;
export type FeedbackStatus = (typeof feedbackStatuses)[number];

/** The inbox's group headings and what each group means. */
export const feedbackStatusGroups: Record<FeedbackStatus, { title: string; description: string }> =
	{
		waiting: {
			title: 'Waiting for a decision',
			description:
				'The patient gave written permission to publish. Publish it, or decline it for one of the listed reasons. A low rating or criticism is not a reason.'
		},
		published: {
			title: 'Published',
			description: 'On the website now, with the name the patient chose.'
		},
		declined: {
			title: 'Declined',
			description:
				'Not published, for the reason given. A decision can be changed: the latest one counts.'
		},
		not_for_publishing: {
			title: 'Not for publishing',
			description:
				'The patient did not give permission to publish. The feedback is still for the clinic: read it and act on it.'
		},
		revoked_or_expired: {
			title: 'Revoked or expired',
			description:
				'Not on the website: the patient revoked their permission, or it has ended. It is never published again from this permission.'
		}
	};

/** A short label for one status, for a row's status cell. */
export const feedbackStatusLabels: Record<FeedbackStatus, string> = {
	waiting: 'Waiting for a decision',
	published: 'Published',
	declined: 'Declined',
	not_for_publishing: 'Not for publishing',
	revoked_or_expired: 'Revoked or expired'
};

/** The permission as far as the status needs it. */
export interface PermissionFacts {
	/** The clinic-local last day in effect, "2030-03-14". */
	expiresOn: string;
	revoked: boolean;
}

/**
 * Whether a permission lets the words be published on `today` (the clinic-local date,
 * "2027-03-15"): it exists, is not revoked and has not passed its last day.
 */
export function authorizationInEffect(permission: PermissionFacts | null, today: string): boolean {
	return permission !== null && !permission.revoked && permission.expiresOn >= today;
}

/**
 * Where a feedback stands: without a permission it is not for publishing; a revoked or ended
 * permission outranks any decision; otherwise the latest decision, or none yet.
 */
export function feedbackStatus(
	input: {
		permission: PermissionFacts | null;
		latestDecision: 'publish' | 'decline' | null;
	},
	today: string
): FeedbackStatus {
	if (input.permission === null) return 'not_for_publishing';
	if (!authorizationInEffect(input.permission, today)) return 'revoked_or_expired';
	if (input.latestDecision === 'publish') return 'published';
	if (input.latestDecision === 'decline') return 'declined';
	return 'waiting';
}

/** The latest of a feedback's decisions (the highest id), or null. */
export function latestDecision<T extends { id: number }>(decisions: readonly T[]): T | null {
	let latest: T | null = null;
	for (const decision of decisions) if (!latest || decision.id > latest.id) latest = decision;
	return latest;
}

/** The first words of a feedback for a list: about `length` characters, cut at a word. */
export function excerpt(words: string, length = 140): string {
	const text = words.replace(/\s+/g, ' ').trim();
	if (text.length <= length) return text;
	const cut = text.slice(0, length + 1);
	const space = cut.lastIndexOf(' ');
	return `${(space > length / 2 ? cut.slice(0, space) : text.slice(0, length)).replace(/[\s,;:.]+$/, '')}…`;
}

/** The connections as staff name them (the patient's form says "I work at the clinic"). */
export const staffConnectionLabels: Record<ConnectionKind, string> = {
	none: 'No connection that we know of',
	staff: 'Works at the clinic',
	staff_family: 'Family of someone who works at the clinic',
	other: 'Another connection (describe it)'
};

const otherMessage = 'Please describe the connection, as it will be shown with the words.';

const staffConnectionSchema = z
	.object({
		connection: z.preprocess(
			(value) => firstValue(value)?.trim() || 'none',
			z.enum(connectionKinds, { error: 'Please choose a connection from the list.' })
		),
		'connection-description': z.preprocess(
			(value) => firstValue(value)?.trim().replace(/\s+/g, ' ') ?? '',
			z.string().max(200, 'Please keep the description under 200 characters.')
		)
	})
	.superRefine((values, context) => {
		if (values.connection === 'other' && values['connection-description'] === '') {
			context.addIssue({ code: 'custom', path: ['connection-description'], message: otherMessage });
		}
	})
	.transform((values): ConnectionDisclosure =>
		values.connection === 'other'
			? { kind: 'other', text: values['connection-description'] }
			: { kind: values.connection }
	);

/**
 * A connection staff know of (fields `connection` and `connection-description`); a blank field is
 * "none". Used when publishing and when entering a testimonial from a paper authorization.
 */
export function parseStaffConnection(values: FormValues): FormResult<ConnectionDisclosure> {
	return parseForm(staffConnectionSchema, values);
}

/**
 * Whether publishing must wait for a disclosure: the patient's email is a staff account's, and
 * neither the patient nor staff declared any connection. A staff member's own words, or a
 * family member's written from a shared address, must say so beside them (16 CFR 255.5).
 */
export function needsConnectionDisclosure(input: {
	emailMatchesStaff: boolean;
	declaredByPatient: ConnectionKind;
	addedByStaff: ConnectionDisclosure | null;
}): boolean {
	if (!input.emailMatchesStaff) return false;
	const staffAdded = input.addedByStaff !== null && input.addedByStaff.kind !== 'none';
	return input.declaredByPatient === 'none' && !staffAdded;
}

export const disclosureNeededMessage =
	'This patient’s email address is a staff account’s. Please choose the connection (works at the clinic, family of staff, or another one) so that it is shown with the words.';

/** How the clinic received a patient's revocation, kept in the audit log. */
const revocationSchema = z.object({
	note: z.preprocess(
		(value) => firstValue(value)?.trim().replace(/\s+/g, ' ') ?? '',
		z
			.string()
			.min(3, 'Please say how the patient revoked it, for example "Letter received March 3".')
			.max(300, 'Please keep the note under 300 characters.')
	)
});

/** The note staff keep with a revocation the patient made in writing (field `note`). */
export function parseStaffRevocation(values: FormValues): FormResult<{ note: string }> {
	return parseForm(revocationSchema, values);
}

/** Every decline reason with its label and count, in the fixed order, unused ones at 0. */
export function reasonRows(
	byReason: Record<DeclineReason, number>
): { reason: DeclineReason; label: string; count: number }[] {
	return declineReasons.map((reason) => ({
		reason,
		label: declineReasonLabels[reason],
		count: byReason[reason]
	}));
}
