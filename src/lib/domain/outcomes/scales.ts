/*
 * The outcome scales the clinic uses, worded in our own text. NPRS is a free, generic 0-10
 * pain rating; PEG (Krebs 2009) is free to use but its published wording is not ours to copy,
 * so the three items below are adapted from it in our words, keeping each end point's meaning; the PSFS format (the patient names
 * the activities) has no licence we know of. Licensed instruments (Oswestry/ODI, PROMIS,
 * STarT Back) are deliberately absent: their items must not ship in this product.
 *
 * Forms, charts and reports all read the definitions here so that the wording a patient
 * answered is the wording a practitioner sees.
 */

/** The scales the clinic records. */
export type ScaleId = 'nprs' | 'peg' | 'psfs';

/** Every item is a whole number from 0 to 10. */
export const scoreMin = 0;
export const scoreMax = 10;

/** One question of a scale, with what the two ends of its 0-10 range mean. */
export interface ScaleItem {
	/** Stable identifier; also the form field name. */
	id: string;
	/** The question, in plain language. */
	question: string;
	/** What 0 means. */
	lowAnchor: string;
	/** What 10 means. */
	highAnchor: string;
}

export interface ScaleDefinition {
	id: ScaleId;
	/** The short name staff know it by. */
	shortName: string;
	/** A plain-language name for patients and chart titles. */
	title: string;
	/** The instruction shown before the items. */
	instructions: string;
	/** Whether a lower score means the patient is doing better (true for pain, false for function). */
	lowerIsBetter: boolean;
	/** Where the scale comes from, for the practitioner-facing help and the clinic report. */
	source: string;
}

/** NPRS: pain at this moment, one item. */
export const nprsScale: ScaleDefinition = {
	id: 'nprs',
	shortName: 'NPRS',
	title: 'Pain right now',
	instructions: 'Choose the one number that fits best.',
	lowerIsBetter: true,
	source: 'Numeric pain rating scale (0-10), a generic measure free to use.'
};

/** The single NPRS item. */
export const nprsItem: ScaleItem = {
	id: 'nprs',
	question: 'How much pain do you have at this moment?',
	lowAnchor: '0: none at all',
	highAnchor: '10: the worst pain you could imagine'
};

/** PEG: pain, enjoyment of life and general activity over the last week; score = mean. */
export const pegScale: ScaleDefinition = {
	id: 'peg',
	shortName: 'PEG',
	title: 'Pain and its effect on your life over the last week',
	instructions:
		'Think about the last 7 days. For each question, choose the one number that fits best.',
	lowerIsBetter: true,
	source:
		'PEG three-item scale (Krebs et al., 2009), free to use; wording adapted from the PEG in our own words, with the same end points.'
};

/**
 * The three PEG items: pain, enjoyment of life, everyday activity (the order of the scale).
 * The words are ours, adapted from the PEG (Krebs et al. 2009), but each end point keeps the
 * published scale's meaning, so scores stay comparable with it: for pain, 0 is no pain and 10
 * the worst pain imaginable; for the other two, 0 is "does not get in the way" and 10 "gets in
 * the way completely" (issue 14, item 14; an earlier "10: it spoiled everything" did not).
 */
export const pegItems = [
	{
		id: 'peg-pain',
		question: 'On a typical day in the last 7 days, how strong was your pain?',
		lowAnchor: '0: no pain',
		highAnchor: '10: the worst pain you can imagine'
	},
	{
		id: 'peg-enjoyment',
		question: 'In the last 7 days, how much did pain get in the way of enjoying your life?',
		lowAnchor: '0: it did not get in the way',
		highAnchor: '10: it got in the way completely'
	},
	{
		id: 'peg-activity',
		question:
			'In the last 7 days, how much did pain get in the way of your everyday activities, such as work, chores and getting around?',
		lowAnchor: '0: it did not get in the way',
		highAnchor: '10: it got in the way completely'
	}
] as const satisfies readonly ScaleItem[];

/** The field names of the PEG items. */
export type PegItemId = (typeof pegItems)[number]['id'];

/** PSFS: activities the patient names, each rated; score = mean. */
export const psfsScale: ScaleDefinition = {
	id: 'psfs',
	shortName: 'PSFS',
	title: 'Activities you want to get back to',
	instructions:
		'Name 3 to 5 everyday things your pain makes hard or stops you doing, and that matter to you. For each one, choose how well you can do it today.',
	lowerIsBetter: false,
	source: 'Patient-specific functional scale format: the patient names the activities.'
};

/** The fewest and most activities a patient names for PSFS. */
export const psfsMinActivities = 3;
export const psfsMaxActivities = 5;

/** What the two ends of every PSFS activity rating mean. */
export const psfsAnchors = {
	lowAnchor: '0: I cannot do it at all',
	highAnchor: '10: as well as before the pain started'
} as const;

/** An activity the patient named, with a stable id so follow-ups rate the same activity. */
export interface PsfsActivity {
	/** "activity-1" to "activity-5": the row the patient wrote it in. */
	id: string;
	name: string;
}

/**
 * The PSFS item for one named activity. The question repeats the patient's own words, which
 * is the point of the scale: progress on what matters to this patient.
 */
export function psfsItem(activity: PsfsActivity): ScaleItem {
	return {
		id: activity.id,
		question: `How well can you do this today: ${activity.name}?`,
		...psfsAnchors
	};
}

/** The scale definitions by id, for code that is handed a scale id. */
export const scales: Record<ScaleId, ScaleDefinition> = {
	nprs: nprsScale,
	peg: pegScale,
	psfs: psfsScale
};

/** A scored NPRS answer. */
export interface NprsResponse {
	scale: 'nprs';
	score: number;
}

/** A scored PEG answer: the three items and their mean. */
export interface PegResponse {
	scale: 'peg';
	items: Record<PegItemId, number>;
	score: number;
}

/** A scored PSFS answer: each named activity's rating and their mean. */
export interface PsfsResponse {
	scale: 'psfs';
	activities: (PsfsActivity & { score: number })[];
	score: number;
}

export type ScaleResponse = NprsResponse | PegResponse | PsfsResponse;

/**
 * The mean of 0-10 item scores, kept to one decimal (half up). Scores are whole numbers, so
 * working in tenths keeps the result exact instead of trusting floating point with 5.35.
 */
export function meanScore(items: readonly number[]): number {
	if (items.length === 0) throw new RangeError('A mean needs at least one item.');
	for (const item of items) assertItemScore(item);
	const sum = items.reduce((total, item) => total + item, 0);
	return Math.round((sum * 10) / items.length) / 10;
}

/** Scores PEG: the mean of its three items, to one decimal (as Krebs 2009 scores it). */
export function scorePeg(items: Record<PegItemId, number>): PegResponse {
	const values = pegItems.map((item) => items[item.id]);
	return { scale: 'peg', items: { ...items }, score: meanScore(values) };
}

/** Scores PSFS: the mean of the activity ratings, to one decimal. */
export function scorePsfs(activities: readonly (PsfsActivity & { score: number })[]): PsfsResponse {
	if (activities.length < psfsMinActivities || activities.length > psfsMaxActivities) {
		throw new RangeError(
			`PSFS needs ${psfsMinActivities} to ${psfsMaxActivities} activities, not ${activities.length}.`
		);
	}
	return {
		scale: 'psfs',
		activities: activities.map((activity) => ({ ...activity })),
		score: meanScore(activities.map((activity) => activity.score))
	};
}

/**
 * Whether PSFS is asked at a visit: at intake (the baseline) and then at every fourth visit,
 * so patients are not asked to re-rate the same activities every week. `visitNumber` counts
 * treatment visits from 1.
 */
export function psfsDueAtVisit(visitNumber: number): boolean {
	if (!Number.isInteger(visitNumber) || visitNumber < 1) {
		throw new RangeError('Visits are numbered from 1.');
	}
	return visitNumber % 4 === 0;
}

function assertItemScore(score: number): void {
	if (!Number.isInteger(score) || score < scoreMin || score > scoreMax) {
		throw new RangeError(`An item score is a whole number from 0 to 10, not ${score}.`);
	}
}
