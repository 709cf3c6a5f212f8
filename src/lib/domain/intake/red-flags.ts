/*
 * Red flags: signs that mean "see a doctor first", in three tiers of urgency. The questions
 * live in red-flag-sets.ts, one set per condition; this file screens the answers. A yes is not
 * a diagnosis and a no is not an all-clear, which is why the messages say so.
 */
import {
	conditionSetIds,
	conditionSets,
	historyHeading,
	sinceLastVisitLeadIn,
	type ConditionSetId,
	type QuestionGroup,
	type RedFlagCluster,
	type RedFlagQuestion,
	type RedFlagTier
} from './red-flag-sets';

export {
	conditionSetIds,
	conditionSets,
	historyHeading,
	sinceLastVisitLeadIn,
	type ConditionSetId,
	type QuestionGroup,
	type RedFlagCluster,
	type RedFlagQuestion,
	type RedFlagTier
};

/** A screening result: the most urgent tier answered yes, or 'none'. */
export type ScreeningOutcome = RedFlagTier | 'none';

/** A first check (the website, the intake) or a later visit's check-in. */
export type ScreeningOccasion = 'first' | 'since_last_visit';

/** The back pain set, which the public back pain check asks. */
export const redFlagQuestions: readonly RedFlagQuestion[] = conditionSets.back.questions;

/** The lead-in the back pain symptom questions are read after. */
export const questionLeadIn = conditionSets.back.symptomsLeadIn;

/** Every question of every set, by id. */
const questionsById = new Map(
	conditionSetIds.flatMap((set) => conditionSets[set].questions.map((entry) => [entry.id, entry]))
);

/** A question by its id, from any set; undefined for an id that is not a question. */
export function findRedFlagQuestion(id: string): RedFlagQuestion | undefined {
	return questionsById.get(id);
}

/** One group of questions as a form shows it: a heading, a lead-in (or none) and the questions. */
export interface QuestionSection {
	set: ConditionSetId;
	group: QuestionGroup;
	heading: string;
	/** Read before each question of the section; null for history questions. */
	leadIn: string | null;
	questions: { id: string; text: string; tier: RedFlagTier }[];
}

/**
 * The questions to ask for some condition sets on one occasion, as sections: per set, its
 * symptoms (after the set's lead-in, or "Since your last visit...") and then its history ("About
 * your health", no lead-in). A question shared in meaning by two sets is still asked per set,
 * because each set's ids are its own. At a check-in, questions that mean nothing as a change
 * (age) are left out.
 */
export function questionSections(
	sets: readonly ConditionSetId[],
	occasion: ScreeningOccasion
): QuestionSection[] {
	const sections: QuestionSection[] = [];
	for (const setId of normaliseSets(sets)) {
		const set = conditionSets[setId];
		for (const group of ['symptoms', 'history'] as const) {
			const questions = set.questions
				.filter((entry) => entry.group === group)
				.map((entry) => ({
					id: entry.id,
					tier: entry.tier,
					text: occasion === 'first' ? entry.text : entry.sinceLastVisitText
				}))
				.filter((entry): entry is { id: string; tier: RedFlagTier; text: string } =>
					Boolean(entry.text)
				);
			if (questions.length === 0) continue;
			const setLabel = sets.length > 1 ? `${set.label}: ` : '';
			sections.push({
				set: setId,
				group,
				heading:
					group === 'symptoms'
						? `${setLabel}${occasion === 'first' ? 'new or changing symptoms' : 'changes since your last visit'}`
						: `${setLabel}${historyHeading.toLowerCase()}`,
				leadIn:
					group === 'symptoms'
						? occasion === 'first'
							? set.symptomsLeadIn
							: sinceLastVisitLeadIn
						: null,
				questions
			});
		}
	}
	return sections;
}

/** The ids a form for these sets on this occasion must have an answer for. */
export function askedQuestionIds(
	sets: readonly ConditionSetId[],
	occasion: ScreeningOccasion
): string[] {
	return questionSections(sets, occasion).flatMap((section) =>
		section.questions.map((entry) => entry.id)
	);
}

/** Known sets in their fixed order, without repeats; the back set when none is known. */
export function normaliseSets(sets: readonly string[]): ConditionSetId[] {
	const known = conditionSetIds.filter((id) => sets.includes(id));
	return known.length > 0 ? known : ['back'];
}

const urgency: Record<ScreeningOutcome, number> = {
	emergency: 3,
	same_day: 2,
	within_days: 1,
	none: 0
};

/** The result of one screening: the outcome and the questions answered yes. */
export interface Screening {
	outcome: ScreeningOutcome;
	/** Questions answered yes that count, in the order they are asked. */
	positives: RedFlagQuestion[];
	/** Clusters of answers that raised the outcome. */
	clusters: RedFlagCluster[];
	/**
	 * Questions answered yes that a practitioner recorded as already seen by a doctor; they do
	 * not raise the outcome on a first-occasion form (a new intake), only a change does.
	 */
	known: RedFlagQuestion[];
	/** Whether the patient may go on to book online. */
	mayBookOnline: boolean;
	/** Whether a booking made after this screening needs a clinician's review. */
	needsClinicianReview: boolean;
}

export interface ScreeningOptions {
	occasion?: ScreeningOccasion;
	/**
	 * Question ids a practitioner recorded as seen by a doctor for this patient. They keep a
	 * repeated "yes" to the same, known finding from re-flagging at a new intake; at a check-in
	 * every question asks about a change, so a yes there counts whatever was cleared.
	 */
	cleared?: ReadonlySet<string>;
}

/**
 * Screens a set of yes answers (question ids). Unknown ids are ignored, so a stale form cannot
 * invent a tier; the outcome is the most urgent tier answered yes or raised by a cluster.
 */
export function screenRedFlags(
	yesAnswers: Iterable<string>,
	options: ScreeningOptions = {}
): Screening {
	const yes = new Set(yesAnswers);
	const occasion = options.occasion ?? 'first';
	const cleared = occasion === 'first' ? (options.cleared ?? new Set<string>()) : new Set();
	const answered = [...questionsById.values()].filter((entry) => yes.has(entry.id));
	const positives = answered.filter((entry) => !cleared.has(entry.id));
	const known = answered.filter((entry) => cleared.has(entry.id));
	const counted = new Set(positives.map((entry) => entry.id));
	const clusters = conditionSetIds
		.flatMap((set) => conditionSets[set].clusters)
		.filter(
			(cluster) =>
				cluster.all.every((id) => counted.has(id)) && cluster.any.some((id) => counted.has(id))
		);
	const outcome = [
		...positives.map((entry) => entry.tier),
		...clusters.map((c) => c.tier)
	].reduce<ScreeningOutcome>(
		(worst, tier) => (urgency[tier] > urgency[worst] ? tier : worst),
		'none'
	);
	return {
		outcome,
		positives,
		clusters,
		known,
		mayBookOnline: outcome !== 'emergency',
		needsClinicianReview: outcome === 'same_day' || outcome === 'within_days'
	};
}

/** The more urgent of two outcomes. */
export function moreUrgent(a: ScreeningOutcome, b: ScreeningOutcome): ScreeningOutcome {
	return urgency[a] >= urgency[b] ? a : b;
}

/** What the patient is told for each outcome, whatever the condition. */
export const screeningMessages: Record<ScreeningOutcome, { title: string; body: string[] }> = {
	emergency: {
		title: 'Go to an emergency department now, or call 911',
		body: [
			'What you told us can be a sign of a serious problem that needs urgent medical care. Please do not wait and do not book acupuncture.',
			'This is not a diagnosis. Doctors need to examine you today to find out what is going on.'
		]
	},
	same_day: {
		title: 'Please see a doctor or urgent care today, before acupuncture',
		body: [
			'What you told us should be checked by a doctor today. It can be a sign of an infection, a broken bone or another problem that needs a doctor soon.',
			'If you book with us, a clinician will review your answers before your visit, and we will hold the appointment until a doctor has seen you.'
		]
	},
	within_days: {
		title: 'Please see your doctor first, within the next few days',
		body: [
			'What you told us is something a doctor should look at before acupuncture. It does not mean that something is wrong, but it needs checking.',
			'You can still book: a clinician will review your answers, and we can hold the booking until your doctor has seen you.'
		]
	},
	none: {
		title: 'No warning signs in your answers',
		body: [
			'You can book with us. A "no" to every question is not an all-clear, though: if anything changes or gets worse, tell us or your doctor straight away. We ask these questions again at every visit.'
		]
	}
};
