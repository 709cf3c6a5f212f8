/*
 * The red-flag questions, one set per condition the clinic treats, in two groups each:
 * "symptoms" are read after the set's lead-in ("Since your back pain began..."), "history" is
 * asked with no lead-in under "About your health", because a cancer from years before the pain
 * still counts (issue 14, item 1). At a later visit each question is asked as a change "since
 * your last visit", so a stable, known finding (an old prostate problem, known stenosis) does
 * not send the patient to the emergency department at every visit (item 2).
 *
 * Sources, per set (see docs/clinical/hazard-log.md for each choice):
 * - back: NICE NG59 (2016, updated 2020); ACP/APS 2007 (Chou); IFOMPT red-flag framework
 *   (Finucane 2020); BASS 2018 cauda equina definition; Downie 2013 (BMJ) for fracture and
 *   malignancy.
 * - neck: IFOMPT cervical framework (Rushton 2020) for cervical arterial dysfunction; NICE CKS
 *   neck pain; Canadian C-spine rule for injury.
 * - headache: NICE CKS headache assessment (red flags); NICE CG150.
 * - digestive: NICE CG61 (IBS) and NG12 (suspected cancer).
 * - allergy: NICE CKS allergic rhinitis and angio-oedema/anaphylaxis guidance.
 * Wording is ours, at a 6th-8th grade reading level (checked by a unit test).
 */

/** How urgently a patient should see a doctor, most urgent first. */
export type RedFlagTier = 'emergency' | 'same_day' | 'within_days';

/** Which group a question belongs to: new symptoms, or the patient's health history. */
export type QuestionGroup = 'symptoms' | 'history';

/** The condition sets: the service and the intake's reason choose which are asked. */
export const conditionSetIds = ['back', 'neck', 'headache', 'digestive', 'allergy'] as const;
export type ConditionSetId = (typeof conditionSetIds)[number];

export interface RedFlagQuestion {
	/** Stable identifier, stored with the answers; unique across every set. */
	id: string;
	set: ConditionSetId;
	group: QuestionGroup;
	tier: RedFlagTier;
	/** Asked at the first check (the website, the intake). */
	text: string;
	/**
	 * Asked at a later visit's check-in, read after "Since your last visit...": always about a
	 * change. Null when the question has no meaning as a change (age), so it is not asked again.
	 */
	sinceLastVisitText: string | null;
}

/**
 * Answers that together mean more than each alone: a cluster raises the outcome to its tier
 * when every question in `all` and at least one in `any` were answered yes.
 */
export interface RedFlagCluster {
	id: string;
	set: ConditionSetId;
	tier: RedFlagTier;
	all: readonly string[];
	any: readonly string[];
	/** Why, for staff and the hazard log. */
	why: string;
}

export interface ConditionSet {
	id: ConditionSetId;
	/** In the patient's words, for the intake's "what are you coming to us about?". */
	label: string;
	/** Read before the symptom questions at a first check. */
	symptomsLeadIn: string;
	questions: readonly RedFlagQuestion[];
	clusters: readonly RedFlagCluster[];
}

function question(
	set: ConditionSetId,
	group: QuestionGroup,
	tier: RedFlagTier,
	id: string,
	text: string,
	sinceLastVisitText: string | null
): RedFlagQuestion {
	return { id, set, group, tier, text, sinceLastVisitText };
}

const back: ConditionSet = {
	id: 'back',
	label: 'Back pain',
	symptomsLeadIn: 'Since your back pain began...',
	questions: [
		question(
			'back',
			'symptoms',
			'emergency',
			'urination',
			'Have you had new trouble passing urine, or a new weak stream?',
			'Have you had new or worse trouble passing urine, or a weaker stream?'
		),
		question(
			'back',
			'symptoms',
			'emergency',
			'incontinence',
			'Have you started to leak urine or stool without meaning to?',
			'Have you started to leak urine or stool, or is the leaking worse?'
		),
		question(
			'back',
			'symptoms',
			'emergency',
			'saddle-numbness',
			'Is there new numbness around your genitals or bottom (anus), or on your inner thighs?',
			'Is there new or worse numbness around your genitals or bottom (anus), or on your inner thighs?'
		),
		question(
			'back',
			'symptoms',
			'emergency',
			'sexual-sensation',
			'Have you noticed a new change in feeling in your genitals or during sex?',
			'Have you noticed a new change in feeling in your genitals or during sex?'
		),
		question(
			'back',
			'symptoms',
			'emergency',
			'both-legs',
			'Do you have new pain or numbness going down both legs?',
			'Do you have new or worse pain or numbness going down both legs?'
		),
		question(
			'back',
			'symptoms',
			'emergency',
			'leg-weakness',
			'Are your legs getting weaker, does a foot drag, or is your walking unsteady?',
			'Are your legs getting weaker, does a foot drag, or is your walking less steady?'
		),
		question(
			'back',
			'symptoms',
			'emergency',
			'major-injury',
			'Did the pain begin after a major injury, such as a car crash or a bad fall?',
			'Have you had a major injury, such as a car crash or a bad fall?'
		),
		question(
			'back',
			'symptoms',
			'emergency',
			'sudden-severe',
			'Did very bad pain come on all at once, with pain in your belly or chest, or did you feel faint?',
			'Has very bad pain come on all at once, with pain in your belly or chest, or did you feel faint?'
		),
		question(
			'back',
			'symptoms',
			'same_day',
			'fever',
			'Have you had a fever, chills or sweats?',
			'Have you had a fever, chills or sweats?'
		),
		question(
			'back',
			'symptoms',
			'same_day',
			'fragility-injury',
			'Are you 65 or older, or do you have thin bones or take steroid pills? And did the pain start after a fall or lifting?',
			'Are you 65 or older, or do you have thin bones or take steroid pills? And did new pain start after a fall or lifting?'
		),
		question(
			'back',
			'symptoms',
			'within_days',
			'weight-loss',
			'Have you lost weight without trying?',
			'Have you lost weight without trying?'
		),
		question(
			'back',
			'symptoms',
			'within_days',
			'constant-pain',
			'Is the pain there all the time, getting steadily worse, or bad at night?',
			'Is the pain now there all the time, getting steadily worse, or bad at night?'
		),
		question(
			'back',
			'symptoms',
			'within_days',
			'upper-back',
			'Is the pain in your upper or middle back?',
			'Has the pain spread to your upper or middle back?'
		),
		question(
			'back',
			'symptoms',
			'within_days',
			'morning-stiffness',
			'Are you under 45, with stiffness in the morning that lasts more than 30 minutes and eases as you move?',
			null
		),
		question(
			'back',
			'history',
			'within_days',
			'cancer-history',
			'Have you ever had cancer?',
			'Have you been told you have cancer?'
		),
		question(
			'back',
			'history',
			'same_day',
			'infection-risk',
			'Do you inject drugs or have HIV? Or do you take medicine that weakens your immune system, such as chemo, transplant drugs or steroid pills?',
			'Have you started chemo, steroid pills or other drugs that weaken your immune system?'
		),
		question(
			'back',
			'history',
			'same_day',
			'recent-infection',
			'Have you had a serious infection in the last three months?',
			'Have you had a serious infection?'
		),
		question(
			'back',
			'history',
			'within_days',
			'spinal-procedure',
			'In the last three months, have you had an operation or a shot in your spine?',
			'Have you had an operation or a shot in your spine?'
		),
		question(
			'back',
			'history',
			'within_days',
			'age-over-50',
			'Are you 50 or older, and is this back pain new?',
			null
		),
		question('back', 'history', 'within_days', 'age-under-20', 'Are you under 20?', null)
	],
	clusters: [
		{
			id: 'cancer-with-pain-pattern',
			set: 'back',
			tier: 'same_day',
			all: ['cancer-history'],
			any: ['constant-pain', 'weight-loss'],
			// Downie 2013: a history of cancer is the one single sign that raises the chance of a
			// spinal cancer much; with constant or night pain, or weight loss, a spread to the spine
			// must be ruled out quickly, so the same day rather than within days.
			why: 'A past cancer with pain that is constant, worse at night, or with weight loss can mean cancer has spread to the spine.'
		}
	]
};

const neck: ConditionSet = {
	id: 'neck',
	label: 'Neck pain',
	symptomsLeadIn: 'Since your neck pain began...',
	questions: [
		question(
			'neck',
			'symptoms',
			'emergency',
			'neck-stroke-signs',
			'Have you had new dizziness, double vision, or trouble talking or swallowing? Or sudden falls?',
			'Have you had new dizziness, double vision, or trouble talking or swallowing? Or sudden falls?'
		),
		question(
			'neck',
			'symptoms',
			'emergency',
			'neck-fever-stiff',
			'Do you have a fever and a stiff neck, so you cannot bend your chin to your chest?',
			'Do you have a fever and a stiff neck, so you cannot bend your chin to your chest?'
		),
		question(
			'neck',
			'symptoms',
			'emergency',
			'neck-injury',
			'Did the pain begin after an injury, such as a car crash, a fall or a hit to the head?',
			'Have you had an injury, such as a car crash, a fall or a hit to the head?'
		),
		question(
			'neck',
			'symptoms',
			'same_day',
			'neck-clumsy',
			'Are your hands clumsy, or is your walking unsteady?',
			'Are your hands more clumsy, or is your walking less steady?'
		),
		question(
			'neck',
			'symptoms',
			'same_day',
			'neck-fever',
			'Have you had a fever, chills or sweats?',
			'Have you had a fever, chills or sweats?'
		),
		question(
			'neck',
			'symptoms',
			'within_days',
			'neck-weight-loss',
			'Have you lost weight without trying?',
			'Have you lost weight without trying?'
		),
		question(
			'neck',
			'symptoms',
			'within_days',
			'neck-constant-pain',
			'Is the pain there all the time, getting steadily worse, or bad at night?',
			'Is the pain now there all the time, getting steadily worse, or bad at night?'
		),
		question(
			'neck',
			'history',
			'within_days',
			'neck-cancer-history',
			'Have you ever had cancer?',
			'Have you been told you have cancer?'
		),
		question(
			'neck',
			'history',
			'same_day',
			'neck-infection-risk',
			'Do you inject drugs or have HIV? Or do you take medicine that weakens your immune system, such as chemo, transplant drugs or steroid pills?',
			'Have you started chemo, steroid pills or other drugs that weaken your immune system?'
		)
	],
	clusters: [
		{
			id: 'neck-cancer-with-pain-pattern',
			set: 'neck',
			tier: 'same_day',
			all: ['neck-cancer-history'],
			any: ['neck-constant-pain', 'neck-weight-loss'],
			why: 'A past cancer with pain that is constant, worse at night, or with weight loss can mean cancer has spread to the spine.'
		}
	]
};

const headache: ConditionSet = {
	id: 'headache',
	label: 'Headaches or migraine',
	symptomsLeadIn: 'About your headaches...',
	questions: [
		question(
			'headache',
			'symptoms',
			'emergency',
			'headache-sudden-worst',
			'Have you had a sudden, very bad headache, the worst of your life, that peaked within minutes?',
			'Have you had a sudden, very bad headache, the worst of your life, that peaked within minutes?'
		),
		question(
			'headache',
			'symptoms',
			'emergency',
			'headache-fever-stiff-neck',
			'Do you have a headache with a fever and a stiff neck, or a rash?',
			'Do you have a headache with a fever and a stiff neck, or a rash?'
		),
		question(
			'headache',
			'symptoms',
			'emergency',
			'headache-new-weakness',
			'Have you had new weakness or numbness, trouble speaking, loss of sight, or confusion?',
			'Have you had new weakness or numbness, trouble speaking, loss of sight, or confusion?'
		),
		question(
			'headache',
			'symptoms',
			'emergency',
			'headache-head-injury',
			'Did the headache start after a hit to the head?',
			'Have you had a hit to the head?'
		),
		question(
			'headache',
			'symptoms',
			'same_day',
			'headache-jaw-scalp',
			'Are you over 50, with a new headache and pain in your jaw when you chew, a tender scalp, or blurred sight?',
			'Are you over 50, with a new headache and pain in your jaw when you chew, a tender scalp, or blurred sight?'
		),
		question(
			'headache',
			'symptoms',
			'within_days',
			'headache-new-pattern',
			'Are your headaches new, or different, or getting worse each week?',
			'Have your headaches changed, or are they getting worse each week?'
		),
		question(
			'headache',
			'symptoms',
			'within_days',
			'headache-strain',
			'Do your headaches wake you up, or get worse when you cough, strain or lie down?',
			'Do your headaches now wake you up, or get worse when you cough, strain or lie down?'
		),
		question(
			'headache',
			'history',
			'within_days',
			'headache-cancer-immune',
			'Have you ever had cancer? Or do you have HIV, or take medicine that weakens your immune system?',
			'Have you been told you have cancer, or started medicine that weakens your immune system?'
		)
	],
	clusters: []
};

const digestive: ConditionSet = {
	id: 'digestive',
	label: 'Stomach or bowel problems (such as IBS)',
	symptomsLeadIn: 'Since your stomach or bowel problems began...',
	questions: [
		question(
			'digestive',
			'symptoms',
			'emergency',
			'digestive-bleeding-severe',
			'Have you thrown up blood, passed black, sticky stool, or had sudden, very bad belly pain?',
			'Have you thrown up blood, passed black, sticky stool, or had sudden, very bad belly pain?'
		),
		question(
			'digestive',
			'symptoms',
			'same_day',
			'digestive-fever',
			'Have you had a fever, chills or sweats with your belly pain?',
			'Have you had a fever, chills or sweats with your belly pain?'
		),
		question(
			'digestive',
			'symptoms',
			'within_days',
			'digestive-blood',
			'Have you seen blood in your stool or on the toilet paper?',
			'Have you seen blood in your stool or on the toilet paper?'
		),
		question(
			'digestive',
			'symptoms',
			'within_days',
			'digestive-weight-loss',
			'Have you lost weight without trying?',
			'Have you lost weight without trying?'
		),
		question(
			'digestive',
			'symptoms',
			'within_days',
			'digestive-over-50-change',
			'Are you over 50, and have your bowel habits changed in the last few months?',
			'Are you over 50, and have your bowel habits changed?'
		),
		question(
			'digestive',
			'symptoms',
			'within_days',
			'digestive-night',
			'Do your stomach or bowel problems wake you up at night?',
			'Do your stomach or bowel problems now wake you up at night?'
		),
		question(
			'digestive',
			'history',
			'within_days',
			'digestive-family-cancer',
			'Has a parent, brother, sister or child had cancer of the bowel or ovary?',
			null
		)
	],
	clusters: []
};

const allergy: ConditionSet = {
	id: 'allergy',
	label: 'Allergies or hay fever',
	symptomsLeadIn: 'About your allergies...',
	questions: [
		question(
			'allergy',
			'symptoms',
			'emergency',
			'allergy-swelling-breathing',
			'Right now, is your tongue, lips or throat swelling, or is it hard to breathe or swallow?',
			'Right now, is your tongue, lips or throat swelling, or is it hard to breathe or swallow?'
		),
		question(
			'allergy',
			'symptoms',
			'within_days',
			'allergy-one-side',
			'Is only one side of your nose blocked all the time, or do you have nosebleeds or lost your sense of smell?',
			'Is only one side of your nose now blocked all the time, or do you have nosebleeds or lost your sense of smell?'
		)
	],
	clusters: []
};

/** Every condition set, in the order the intake offers them. */
export const conditionSets: Readonly<Record<ConditionSetId, ConditionSet>> = {
	back,
	neck,
	headache,
	digestive,
	allergy
};

/** The lead-in of every question at a later visit's check-in. */
export const sinceLastVisitLeadIn = 'Since your last visit...';

/** The heading of the history questions, which have no lead-in. */
export const historyHeading = 'About your health';

/**
 * Questions that are no longer asked but may be in stored answers, so that staff can still
 * read what was asked then.
 */
export const retiredQuestionTexts: Readonly<Record<string, string>> = {};
