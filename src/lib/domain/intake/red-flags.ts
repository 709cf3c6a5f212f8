/*
 * Back pain red flags: signs that mean "see a doctor first", in three tiers of urgency.
 * Sources: NICE NG59 (2016, updated 2020), ACP/APS 2007 (Chou), the IFOMPT red-flag framework
 * (Finucane 2020) and the BASS 2018 cauda equina definition. A yes is not a diagnosis and a
 * no is not an all-clear, which is why the messages say so.
 */

/** How urgently a patient should see a doctor, most urgent first. */
export type RedFlagTier = 'emergency' | 'same_day' | 'within_days';

/** A screening result: the most urgent tier answered yes, or 'none'. */
export type ScreeningOutcome = RedFlagTier | 'none';

export interface RedFlagQuestion {
	/** Stable identifier, stored with the answers. */
	id: string;
	/** Plain-language question, read after "Since your back pain began...". */
	text: string;
	tier: RedFlagTier;
}

/** The lead-in every question is read after. */
export const questionLeadIn = 'Since your back pain began...';

/** The questions in the order they are asked: the most urgent first. */
export const redFlagQuestions: readonly RedFlagQuestion[] = [
	{
		id: 'urination',
		tier: 'emergency',
		text: 'Do you have trouble passing urine, or a weak stream?'
	},
	{
		id: 'incontinence',
		tier: 'emergency',
		text: 'Have you leaked urine or stool without meaning to?'
	},
	{
		id: 'saddle-numbness',
		tier: 'emergency',
		text: 'Is there numbness between your legs, around your genitals or back passage, or on your inner thighs?'
	},
	{
		id: 'sexual-sensation',
		tier: 'emergency',
		text: 'Have you noticed a new change in sexual sensation?'
	},
	{
		id: 'both-legs',
		tier: 'emergency',
		text: 'Do you have pain or numbness going down both legs?'
	},
	{
		id: 'leg-weakness',
		tier: 'emergency',
		text: 'Are your legs getting weaker, does a foot drag, or is your walking unsteady?'
	},
	{
		id: 'major-injury',
		tier: 'emergency',
		text: 'Did the pain begin after a major injury, such as a car crash or a bad fall?'
	},
	{ id: 'fever', tier: 'same_day', text: 'Have you had a fever, chills or sweats?' },
	{
		id: 'infection-risk',
		tier: 'same_day',
		text: 'Do you inject drugs, take long-term steroids, chemotherapy, transplant drugs or biologics, have HIV, or have you had a serious infection recently?'
	},
	{
		id: 'fragility-injury',
		tier: 'same_day',
		text: 'Do you have osteoporosis or take long-term steroids, and did the pain start after a fall or a minor injury?'
	},
	{ id: 'cancer-history', tier: 'within_days', text: 'Have you ever had cancer?' },
	{ id: 'weight-loss', tier: 'within_days', text: 'Have you lost weight without trying?' },
	{
		id: 'age-over-50',
		tier: 'within_days',
		text: 'Are you 50 or older, and is this back pain new?'
	},
	{
		id: 'constant-pain',
		tier: 'within_days',
		text: 'Is the pain constant, getting steadily worse, or bad at night?'
	},
	{ id: 'upper-back', tier: 'within_days', text: 'Is the pain in your upper or middle back?' },
	{
		id: 'morning-stiffness',
		tier: 'within_days',
		text: 'Are you under 45, with stiffness in the morning that lasts more than 30 minutes and eases as you move?'
	}
];

const urgency: Record<ScreeningOutcome, number> = {
	emergency: 3,
	same_day: 2,
	within_days: 1,
	none: 0
};

/** The result of one screening: the outcome and the questions answered yes. */
export interface Screening {
	outcome: ScreeningOutcome;
	positives: RedFlagQuestion[];
	/** Whether the patient may go on to book online. */
	mayBookOnline: boolean;
	/** Whether a booking made after this screening needs a clinician's review. */
	needsClinicianReview: boolean;
}

/**
 * Screens a set of yes answers (question ids). Unknown ids are ignored, so a stale form
 * cannot invent a tier; the outcome is the most urgent tier answered yes.
 */
export function screenRedFlags(yesAnswers: Iterable<string>): Screening {
	const yes = new Set(yesAnswers);
	const positives = redFlagQuestions.filter((question) => yes.has(question.id));
	const outcome = positives.reduce<ScreeningOutcome>(
		(worst, question) => (urgency[question.tier] > urgency[worst] ? question.tier : worst),
		'none'
	);
	return {
		outcome,
		positives,
		mayBookOnline: outcome !== 'emergency',
		needsClinicianReview: outcome === 'same_day' || outcome === 'within_days'
	};
}

/** What the patient is told for each outcome. */
export const screeningMessages: Record<ScreeningOutcome, { title: string; body: string[] }> = {
	emergency: {
		title: 'Go to an emergency department now, or call 911',
		body: [
			'What you told us can be a sign of pressure on the nerves at the base of the spine or another serious problem that needs urgent medical care. Please do not wait and do not book acupuncture.',
			'This is not a diagnosis. Doctors need to examine you today to find out what is going on.'
		]
	},
	same_day: {
		title: 'Please see a doctor or urgent care today, before acupuncture',
		body: [
			'What you told us can be a sign of an infection or a broken bone, which a doctor should check today.',
			'If you book with us, a clinician will review your answers before your visit, and we will hold the appointment until a doctor has seen you.'
		]
	},
	within_days: {
		title: 'Please see your doctor first, within the next few days',
		body: [
			'What you told us is usually not serious, but it is something a doctor should look at before acupuncture.',
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
