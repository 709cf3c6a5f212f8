/*
 * Acupuncture contraindications and precautions asked at intake, every one listed in the
 * product brief. Each item carries the patient's question in plain language, the label staff
 * see, and what it means for treatment. A "contraindication" here means some technique or site
 * must not be used (for example no electroacupuncture, or never needling a tumour site); a
 * "precaution" means treatment can go ahead with care. Treatment notes repeat only what the
 * brief states or what follows directly from it; the practitioner decides the rest.
 *
 * Answers are yes, no or "not sure"; "not sure" is flagged too, because an unknown is not a
 * reassuring no.
 */

export type ContraindicationCategory = 'contraindication' | 'precaution';

/** The intake step that asks the question. */
export type ContraindicationStep = 'medications' | 'health' | 'pregnancy';

export interface DetailOption {
	id: string;
	/** What the patient sees, with brand names they may know the medicine by. */
	label: string;
}

/** A follow-up asked after "yes": a list to tick (with "other") or a short free text. */
export type DetailQuestion =
	| { kind: 'choices'; question: string; options: readonly DetailOption[]; otherLabel: string }
	| { kind: 'text'; question: string };

export interface ContraindicationItem {
	/** Stable identifier; also the form field name of the yes/no/not sure answer. */
	id: string;
	step: ContraindicationStep;
	/** The patient's question, in plain language. */
	question: string;
	/** Examples that help the patient answer, or null. */
	hint: string | null;
	/** What staff see on the appointment and the patient's page. */
	staffLabel: string;
	category: ContraindicationCategory;
	/** What it means for treatment. */
	treatment: string;
	/** The follow-up asked after "yes", or null. */
	detail: DetailQuestion | null;
}

/** Anticoagulants, named as the brief asks: warfarin, the DOACs and the heparins. */
export const anticoagulants = [
	{ id: 'warfarin', label: 'Warfarin (Coumadin, Jantoven)' },
	{ id: 'apixaban', label: 'Apixaban (Eliquis)' },
	{ id: 'rivaroxaban', label: 'Rivaroxaban (Xarelto)' },
	{ id: 'dabigatran', label: 'Dabigatran (Pradaxa)' },
	{ id: 'edoxaban', label: 'Edoxaban (Savaysa)' },
	{ id: 'heparin', label: 'Heparin or enoxaparin (Lovenox) injections' }
] as const satisfies readonly DetailOption[];

/** Antiplatelet medicines, named. */
export const antiplatelets = [
	{ id: 'clopidogrel', label: 'Clopidogrel (Plavix)' },
	{ id: 'aspirin', label: 'Aspirin taken every day, including low-dose aspirin' },
	{ id: 'ticagrelor', label: 'Ticagrelor (Brilinta)' },
	{ id: 'prasugrel', label: 'Prasugrel (Effient)' }
] as const satisfies readonly DetailOption[];

/** Implanted devices that rule out electroacupuncture. */
export const implantedDevices = [
	{ id: 'pacemaker', label: 'Pacemaker' },
	{ id: 'icd', label: 'Implanted defibrillator (ICD)' },
	{ id: 'stimulator', label: 'Nerve or spinal cord stimulator' },
	{ id: 'pump', label: 'Implanted pump, such as an insulin or pain pump' }
] as const satisfies readonly DetailOption[];

const bleedingRisk =
	'Bleeding and bruising risk: needle with care and press firmly after removing needles.';
const infectionRisk = 'Higher infection risk: strict clean-needle technique; check the skin first.';
const pneumothoraxRisk =
	'Pneumothorax risk: needle the chest, upper back and shoulders with extra care.';
const noElectro = 'No electroacupuncture.';

/** Every item, in the order the intake asks them. */
export const contraindicationItems: readonly ContraindicationItem[] = [
	{
		id: 'anticoagulant',
		step: 'medications',
		question: 'Do you take a medicine that thins your blood (an anticoagulant)?',
		hint: 'For example warfarin, apixaban (Eliquis), rivaroxaban (Xarelto), dabigatran (Pradaxa), edoxaban (Savaysa), or heparin or enoxaparin (Lovenox) injections.',
		staffLabel: 'Anticoagulant',
		category: 'precaution',
		treatment: bleedingRisk,
		detail: {
			kind: 'choices',
			question: 'Which one do you take?',
			options: anticoagulants,
			otherLabel: 'Another blood thinner'
		}
	},
	{
		id: 'antiplatelet',
		step: 'medications',
		question: 'Do you take a medicine that stops blood clots by acting on platelets?',
		hint: 'For example clopidogrel (Plavix), daily aspirin, ticagrelor (Brilinta) or prasugrel (Effient).',
		staffLabel: 'Antiplatelet',
		category: 'precaution',
		treatment: bleedingRisk,
		detail: {
			kind: 'choices',
			question: 'Which one do you take?',
			options: antiplatelets,
			otherLabel: 'Another medicine of this kind'
		}
	},
	{
		id: 'bleeding-disorder',
		step: 'health',
		question: 'Do you have a condition that makes you bleed or bruise easily?',
		hint: 'For example hemophilia or von Willebrand disease, or a low platelet count.',
		staffLabel: 'Bleeding disorder',
		category: 'precaution',
		treatment: bleedingRisk,
		detail: { kind: 'text', question: 'What is the condition called, if you know?' }
	},
	{
		id: 'implanted-device',
		step: 'health',
		question: 'Do you have a device in your body that works with electricity, or a pump?',
		hint: 'For example a pacemaker, a defibrillator, a nerve stimulator or an insulin pump.',
		staffLabel: 'Implanted device (pacemaker, ICD, stimulator or pump)',
		category: 'contraindication',
		treatment: noElectro,
		detail: {
			kind: 'choices',
			question: 'Which device?',
			options: implantedDevices,
			otherLabel: 'Another device'
		}
	},
	{
		id: 'epilepsy',
		step: 'health',
		question: 'Do you have epilepsy or seizures?',
		hint: null,
		staffLabel: 'Epilepsy',
		category: 'contraindication',
		treatment: noElectro,
		detail: null
	},
	{
		id: 'active-cancer',
		step: 'health',
		question: 'Do you have cancer now, or are you being treated for cancer?',
		hint: null,
		staffLabel: 'Active cancer',
		category: 'contraindication',
		treatment: 'Never needle a tumour site.',
		detail: { kind: 'text', question: 'Where in the body is it?' }
	},
	{
		id: 'local-skin-infection',
		step: 'health',
		question: 'Do you have an infected cut, sore, rash or skin infection anywhere right now?',
		hint: null,
		staffLabel: 'Local skin infection',
		category: 'contraindication',
		treatment: 'Do not needle the affected skin.',
		detail: { kind: 'text', question: 'Where is it?' }
	},
	{
		id: 'immunosuppression',
		step: 'health',
		question: 'Is your immune system weakened by an illness or a medicine?',
		hint: 'For example chemotherapy, medicines after a transplant, steroid pills taken for a long time, some injected medicines for arthritis or bowel disease, or HIV.',
		staffLabel: 'Immunosuppression',
		category: 'precaution',
		treatment: infectionRisk,
		detail: null
	},
	{
		id: 'diabetes',
		step: 'health',
		question: 'Do you have diabetes?',
		hint: null,
		staffLabel: 'Diabetes',
		category: 'precaution',
		treatment: infectionRisk,
		detail: null
	},
	{
		id: 'kidney-disease',
		step: 'health',
		question: 'Do you have kidney disease?',
		hint: null,
		staffLabel: 'Kidney disease',
		category: 'precaution',
		treatment: infectionRisk,
		detail: null
	},
	{
		id: 'cirrhosis',
		step: 'health',
		question: 'Do you have cirrhosis or other serious liver disease?',
		hint: null,
		staffLabel: 'Cirrhosis',
		category: 'precaution',
		treatment: infectionRisk,
		detail: null
	},
	{
		id: 'lung-disease',
		step: 'health',
		question: 'Do you have a lung disease?',
		hint: 'For example COPD or emphysema, or a collapsed lung in the past.',
		staffLabel: 'Lung disease',
		category: 'precaution',
		treatment: pneumothoraxRisk,
		detail: null
	},
	{
		id: 'low-body-weight',
		step: 'health',
		question: 'Are you very thin, or has a doctor said your weight is too low?',
		hint: null,
		staffLabel: 'Very low body weight',
		category: 'precaution',
		treatment: pneumothoraxRisk,
		detail: null
	},
	{
		id: 'needle-fear-fainting',
		step: 'health',
		question: 'Are you afraid of needles, or have you ever fainted with needles or blood tests?',
		hint: null,
		staffLabel: 'Needle fear or fainting',
		category: 'precaution',
		treatment: 'Fainting risk: treat lying down and watch closely, especially at the first visit.',
		detail: null
	},
	{
		id: 'cannot-lie-face-down',
		step: 'health',
		question: 'Is it hard or impossible for you to lie face down for 20 to 30 minutes?',
		hint: null,
		staffLabel: 'Cannot lie face down',
		category: 'precaution',
		treatment: 'Plan another position, such as lying on the side or sitting.',
		detail: null
	},
	{
		id: 'metal-allergy',
		step: 'health',
		question: 'Are you allergic to any metal, such as nickel?',
		hint: null,
		staffLabel: 'Metal allergy',
		category: 'precaution',
		treatment: 'Check the needle material against the allergy before treatment.',
		detail: { kind: 'text', question: 'Which metal?' }
	},
	{
		id: 'lymphoedema-risk',
		step: 'health',
		question: 'Has a doctor told you an arm or leg may swell up (lymphedema)?',
		hint: 'For example after lymph nodes were removed or treated for breast cancer.',
		staffLabel: 'Limb at risk of lymphoedema',
		category: 'contraindication',
		treatment: 'Do not needle, cup or apply pressure to the limb at risk of lymphoedema.',
		detail: { kind: 'text', question: 'Which arm or leg?' }
	},
	{
		id: 'dialysis-fistula',
		step: 'health',
		question: 'Do you have a fistula or graft in your arm for kidney dialysis?',
		hint: null,
		staffLabel: 'Dialysis fistula or graft',
		category: 'contraindication',
		treatment:
			'Do not needle, cup, apply pressure or take a blood pressure on the arm with the fistula.',
		detail: { kind: 'text', question: 'Which arm?' }
	},
	{
		id: 'low-blood-counts',
		step: 'health',
		question: 'Are you having cancer treatment, and have you been told your blood counts are low?',
		hint: 'For example low white cells or low platelets after chemotherapy.',
		staffLabel: 'Low blood counts during cancer treatment',
		category: 'contraindication',
		treatment:
			'Check the latest blood counts before needling; do not needle when white cells or platelets are very low, and ask the oncology team.',
		detail: null
	},
	{
		id: 'valve-or-joint-replacement',
		step: 'health',
		question: 'Do you have an artificial heart valve or a joint replacement?',
		hint: 'For example a new hip or knee.',
		staffLabel: 'Artificial heart valve or joint replacement',
		category: 'contraindication',
		treatment:
			'No indwelling needles or press tacks (infection risk to the implant); do not needle near a replaced joint.',
		detail: { kind: 'text', question: 'Which valve or joint?' }
	},
	{
		id: 'diabetic-neuropathy',
		step: 'health',
		question: 'Are your feet numb or tingly because of diabetes?',
		hint: null,
		staffLabel: 'Diabetic neuropathy in the feet',
		category: 'contraindication',
		treatment:
			'No heat, heat lamp or moxa on the feet (burns go unfelt); check the skin of the feet before and after.',
		detail: null
	},
	{
		id: 'pregnancy',
		step: 'pregnancy',
		question: 'Are you pregnant, or could you be?',
		hint: null,
		staffLabel: 'Pregnant or possibly pregnant',
		category: 'contraindication',
		// WHO, Guidelines on basic training and safety in acupuncture (1999), section on
		// pregnancy; the brief's rule is the first three months' part of it.
		treatment:
			'Avoid lumbosacral and lower-abdominal points. After the third month also avoid upper-abdominal points, strongly stimulating points and ear points that may affect the uterus. No electroacupuncture at any stage.',
		detail: { kind: 'text', question: 'How many weeks along are you, if you know?' }
	}
];

/** How a patient answered one item. */
export type ContraindicationAnswer = 'yes' | 'no' | 'unsure';

/** The answer to one item, with its follow-up detail when there is one. */
export interface ItemAnswer {
	answer: ContraindicationAnswer;
	/** Ticked option ids of a choices detail. */
	choices?: readonly string[];
	/** "Other" text of a choices detail, or the answer to a text detail. */
	text?: string | null;
}

/** The answers by item id; an item not in the record was not answered. */
export type ContraindicationAnswers = Readonly<Record<string, ItemAnswer | undefined>>;

/** One flag for staff: a "yes" or a "not sure" with what it means for treatment. */
export interface ContraindicationFlag {
	id: string;
	category: ContraindicationCategory;
	staffLabel: string;
	treatment: string;
	/** Whether the patient said yes, or was not sure (to be asked at the visit). */
	certainty: 'yes' | 'unsure';
	/** Readable details: the medicines, the device, where. */
	details: string[];
	/** One line for a calendar entry: "Anticoagulant: Apixaban (Eliquis). Bleeding and ...". */
	summary: string;
}

/**
 * Turns intake answers into staff-facing flags: contraindications first, then precautions,
 * each in intake order. Unknown item ids and unknown option ids are ignored, so a stale form
 * cannot invent a flag, but an item asked and not answered is flagged as "not sure" when
 * `asked` lists it: missing must not read as a safe no.
 */
export function contraindicationFlags(
	answers: ContraindicationAnswers,
	asked: Iterable<string> = []
): ContraindicationFlag[] {
	const askedIds = new Set(asked);
	const flags: ContraindicationFlag[] = [];
	for (const item of contraindicationItems) {
		const answer = Object.hasOwn(answers, item.id) ? answers[item.id] : undefined;
		const certainty =
			answer?.answer === 'yes'
				? 'yes'
				: answer?.answer === 'unsure' || (!answer && askedIds.has(item.id))
					? 'unsure'
					: null;
		if (!certainty) continue;
		const details = answer ? describeDetail(item, answer) : [];
		const prefix =
			certainty === 'unsure' ? `${item.staffLabel} (patient not sure)` : item.staffLabel;
		flags.push({
			id: item.id,
			category: item.category,
			staffLabel: item.staffLabel,
			treatment: item.treatment,
			certainty,
			details,
			summary: `${prefix}${details.length ? `: ${details.join(', ')}` : ''}. ${item.treatment}`
		});
	}
	return flags.sort(
		(a, b) => Number(a.category === 'precaution') - Number(b.category === 'precaution')
	);
}

function describeDetail(item: ContraindicationItem, answer: ItemAnswer): string[] {
	const detail = item.detail;
	if (!detail) return [];
	const text = answer.text?.trim();
	if (detail.kind === 'text') return text ? [text] : [];
	const chosen = new Set(answer.choices ?? []);
	const labels = detail.options
		.filter((option) => chosen.has(option.id))
		.map((option) => option.label);
	if (text) labels.push(`${detail.otherLabel}: ${text}`);
	return labels;
}

/** The items asked in one intake step, in order. */
export function contraindicationItemsForStep(step: ContraindicationStep): ContraindicationItem[] {
	return contraindicationItems.filter((item) => item.step === step);
}
