import type { z } from 'zod';
import { fieldErrors } from '../booking/contact-details';
import { allValues, firstValue, type FormResult, type FormValues } from '../intake/form-values';
import { invitationPolicySettingsSchema } from './invitation-policy';

/*
 * The owner's form for the invitation policy (issue 6, ADR 0024), without JavaScript: a
 * checkbox per completed-visit number (`after-visit`), a checkbox for the end of a course
 * (`at-course-end`, "yes") and the share invited (`sample-percent`, 0 to 100). The salt and the
 * start of invitations are never on the form: a new salt would redraw the sample, and moving
 * the start would invite patients about visits from before the clinic asked for feedback.
 */

export type InvitationPolicySettings = z.output<typeof invitationPolicySettingsSchema>;

/** The visit numbers offered as checkboxes: the first twelve visits cover a course or two. */
export const visitNumberChoices: readonly number[] = Array.from({ length: 12 }, (_, i) => i + 1);

/** The checkboxes to show: 1 to 12, and any other number the stored policy already has. */
export function visitNumberOptions(current: readonly number[]): number[] {
	return [...new Set([...visitNumberChoices, ...current])].sort((a, b) => a - b);
}

/** "after the 1st, 3rd and 12th visit", for the page and the audit log. */
export function ordinal(n: number): string {
	const tens = n % 100;
	const suffix = tens >= 11 && tens <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th');
	return `${n}${suffix}`;
}

/** The policy in a sentence, as the owner reads it back. */
export function describeInvitationPolicy(settings: {
	afterVisitNumbers: readonly number[];
	atCourseEnd: boolean;
	samplePercent: number;
}): string {
	const visits = [...settings.afterVisitNumbers].sort((a, b) => a - b).map(ordinal);
	const parts: string[] = [];
	if (visits.length > 0) {
		const list =
			visits.length === 1
				? visits[0]
				: `${visits.slice(0, -1).join(', ')} and ${visits[visits.length - 1]}`;
		parts.push(`after the ${list} completed visit`);
	}
	if (settings.atCourseEnd) parts.push('at the end of a course of visits');
	if (parts.length === 0 || settings.samplePercent === 0) {
		return 'Nobody is invited to give feedback.';
	}
	const who =
		settings.samplePercent === 100
			? 'Every patient is invited'
			: `A fixed random ${settings.samplePercent}% of visits invite the patient`;
	return `${who} ${parts.join(', and ')}.`;
}

const fieldNames: Record<string, string> = {
	afterVisitNumbers: 'after-visit',
	atCourseEnd: 'at-course-end',
	samplePercent: 'sample-percent'
};

const percentMessage = 'Please give a share from 0 to 100.';

/** Parses the owner's policy form into the settings `updateInvitationPolicy` takes. */
export function parseInvitationPolicyForm(
	values: FormValues
): FormResult<InvitationPolicySettings> {
	const errors: Record<string, string> = {};
	const visits = allValues(values['after-visit']).map((value) => value.trim());
	if (visits.some((value) => !/^\d{1,3}$/.test(value))) {
		errors['after-visit'] = 'Please choose visit numbers from the list.';
	}
	const percentText = (firstValue(values['sample-percent']) ?? '').trim().replace(/\s*%$/, '');
	let samplePercent = Number.NaN;
	if (/^\d{1,3}$/.test(percentText)) samplePercent = Number(percentText);
	else if (/^\d*[.,]\d+$/.test(percentText))
		errors['sample-percent'] = 'Please give a whole percentage.';
	else errors['sample-percent'] = percentMessage;
	if (Object.keys(errors).length > 0) return { ok: false, errors };

	const parsed = invitationPolicySettingsSchema.safeParse({
		afterVisitNumbers: [...new Set(visits.map(Number))].sort((a, b) => a - b),
		atCourseEnd: firstValue(values['at-course-end']) === 'yes',
		samplePercent
	});
	if (parsed.success) return { ok: true, data: parsed.data };
	const byField: Record<string, string> = {};
	for (const [path, message] of Object.entries(fieldErrors(parsed.error))) {
		const name = fieldNames[path.split('.')[0] ?? ''] ?? 'form';
		byField[name] ??= message;
	}
	return { ok: false, errors: byField };
}
