import { z } from 'zod';
import { firstValue, formSchema, scoreField, type FormReader } from '../intake/form-values';
import {
	nprsItem,
	pegItems,
	psfsMaxActivities,
	psfsMinActivities,
	scorePeg,
	scorePsfs,
	type NprsResponse,
	type PegItemId,
	type PegResponse,
	type PsfsActivity,
	type PsfsResponse
} from './scales';

/*
 * Outcome forms: the strings a form posts, parsed into scored responses. Field names are the
 * item ids in scales.ts, so a page renders the items from the same definitions it posts back.
 * Messages name the question they belong to, because a phone screen may show only one of them.
 */

const nprsMessage = 'Please choose a number from 0 to 10 for how much pain you have right now.';

const pegMessages: Record<PegItemId, string> = {
	'peg-pain': 'Please choose a number from 0 to 10 for how strong your pain was.',
	'peg-enjoyment':
		'Please choose a number from 0 to 10 for how much pain got in the way of enjoying life.',
	'peg-activity':
		'Please choose a number from 0 to 10 for how much pain got in the way of everyday activities.'
};

// The field name is the item id ("nprs"); a test keeps the two the same.
const nprsShape = { nprs: scoreField(nprsMessage) };

const pegShape = Object.fromEntries(
	pegItems.map((item) => [item.id, scoreField(pegMessages[item.id])])
) as Record<PegItemId, ReturnType<typeof scoreField>>;

function pegFrom(values: Record<PegItemId, number>): PegResponse {
	return scorePeg({
		'peg-pain': values['peg-pain'],
		'peg-enjoyment': values['peg-enjoyment'],
		'peg-activity': values['peg-activity']
	});
}

/** NPRS from a form: field `nprs`, "0" to "10". */
export const nprsFormSchema = z
	.object(nprsShape)
	.transform((values): NprsResponse => ({ scale: 'nprs', score: values.nprs }));

/** PEG from a form: fields `peg-pain`, `peg-enjoyment`, `peg-activity`, each "0" to "10". */
export const pegFormSchema = z.object(pegShape).transform(pegFrom);

/** The field names of PSFS row `n` (1 to 5): the activity's name and its rating. */
export function psfsFieldNames(row: number): { activity: string; score: string } {
	return { activity: `psfs-activity-${row}`, score: `psfs-score-${row}` };
}

const psfsRows = Array.from({ length: psfsMaxActivities }, (_, index) => index + 1);
const activityMaxLength = 100;

/**
 * PSFS at intake: the patient names 3 to 5 activities (rows 1 to 5) and rates each. A row
 * is either empty or complete, and rows may be left empty anywhere; with fewer than three named,
 * the message sits next to the first empty row rather than at the top of the form.
 */
export const psfsGoalsFormSchema = formSchema(readPsfsGoals);

/** Reads the PSFS goals rows; shared with the intake step that asks for them. */
export function readPsfsGoals(form: FormReader): PsfsResponse {
	const activities: (PsfsActivity & { score: number })[] = [];
	const emptyRows: number[] = [];
	for (const row of psfsRows) {
		const names = psfsFieldNames(row);
		const name = (firstValue(form.values[names.activity]) ?? '').trim().replace(/\s+/g, ' ');
		const scoreText = (firstValue(form.values[names.score]) ?? '').trim();
		if (name === '' && scoreText === '') {
			emptyRows.push(row);
			continue;
		}
		if (name === '') {
			form.fail(names.activity, 'Please name the activity you rated, or clear its rating.');
		} else if (name.length > activityMaxLength) {
			form.fail(
				names.activity,
				`Please describe the activity in under ${activityMaxLength} characters.`
			);
		}
		const score = form.field(
			names.score,
			scoreField('Please choose a number from 0 to 10 for how well you can do this activity.'),
			0
		);
		activities.push({ id: `activity-${row}`, name, score });
	}
	const firstEmpty = emptyRows[0];
	if (activities.length < psfsMinActivities && firstEmpty !== undefined) {
		// One message, next to the first empty row: the one the patient should fill next.
		form.fail(
			psfsFieldNames(firstEmpty).activity,
			`Please name at least ${psfsMinActivities} activities that your pain makes hard.`
		);
		return emptyPsfs;
	}
	return scorePsfs(activities);
}

const emptyPsfs: PsfsResponse = { scale: 'psfs', activities: [], score: 0 };

/**
 * PSFS at a follow-up visit: the patient re-rates the activities named at intake, one field
 * `psfs-score-N` per activity (N from its id), so the score compares like with like.
 */
export function psfsFollowUpFormSchema(activities: readonly PsfsActivity[]) {
	return formSchema((form) => readPsfsFollowUp(form, activities));
}

function readPsfsFollowUp(form: FormReader, activities: readonly PsfsActivity[]): PsfsResponse {
	const rated = activities.map((activity) => ({
		...activity,
		score: form.field(
			psfsScoreField(activity),
			scoreField(
				`Please choose a number from 0 to 10 for how well you can do this now: ${activity.name}.`
			),
			0
		)
	}));
	return scorePsfs(rated);
}

/** The rating field of an activity named at intake ("activity-4" is rated in `psfs-score-4`). */
export function psfsScoreField(activity: PsfsActivity): string {
	return `psfs-score-${activity.id.replace(/^activity-/, '')}`;
}

/** What a visit check-in records: NPRS and PEG every time, PSFS when it is due. */
export interface CheckInResponse {
	nprs: NprsResponse;
	peg: PegResponse;
	psfs: PsfsResponse | null;
}

/**
 * The check-in form of a visit: NPRS and PEG, plus the PSFS ratings of the intake activities
 * when `psfsActivities` is given (every fourth visit; see `psfsDueAtVisit`).
 */
export function checkInFormSchema(psfsActivities: readonly PsfsActivity[] | null) {
	return formSchema((form): CheckInResponse => ({
		nprs: readNprs(form),
		peg: readPeg(form),
		psfs: psfsActivities ? readPsfsFollowUp(form, psfsActivities) : null
	}));
}

/** Reads NPRS and PEG together, for the intake's baseline step and visit check-ins. */
export function readPeg(form: FormReader): PegResponse {
	const values = Object.fromEntries(
		pegItems.map((item) => [item.id, form.field(item.id, scoreField(pegMessages[item.id]), 0)])
	) as Record<PegItemId, number>;
	return pegFrom(values);
}

/** Reads NPRS within a larger form. */
export function readNprs(form: FormReader): NprsResponse {
	return { scale: 'nprs', score: form.field(nprsItem.id, scoreField(nprsMessage), 0) };
}
