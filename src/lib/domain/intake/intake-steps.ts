import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import { contactDetailsSchema } from '../booking/contact-details';
import { readNprs, readPeg, readPsfsGoals } from '../outcomes/scale-forms';
import type { NprsResponse, PegResponse, PsfsResponse } from '../outcomes/scales';
import { bodyRegionIds } from './body-regions';
import {
	contraindicationItemsForStep,
	type ContraindicationAnswers,
	type ContraindicationItem,
	type ItemAnswer
} from './contraindications';
import {
	checkboxField,
	choiceField,
	firstValue,
	formSchema,
	isoDateField,
	optionalLine,
	optionalText,
	parseForm,
	requiredText,
	type FormReader,
	type FormResult,
	type FormValues
} from './form-values';
import { classifyPainDuration, daysSinceOnset, type PainDuration } from './pain-duration';
import {
	askedQuestionIds,
	conditionSetIds,
	conditionSets,
	normaliseSets,
	screenRedFlags,
	type ConditionSetId,
	type Screening
} from './red-flags';

/*
 * The intake as short steps, each its own form so it works without JavaScript, fits a phone
 * screen and can be saved before the next one. Each step's schema parses the posted strings
 * into the data stored for that step, with every error keyed by the field it belongs to.
 *
 * The red-flag questions come straight after "where it hurts": a patient with an emergency
 * sign should hear it before ten more minutes of forms, not after.
 */

/** The steps in the order they are asked. */
export const intakeSteps = [
	{ id: 'about-you', title: 'About you' },
	{ id: 'pain', title: 'Where it hurts and since when' },
	{ id: 'red-flags', title: 'Warning signs' },
	{ id: 'history', title: 'What helps and what you have tried' },
	{ id: 'medications', title: 'Medicines' },
	{ id: 'health', title: 'Health conditions' },
	{ id: 'pregnancy', title: 'Pregnancy' },
	{ id: 'goals', title: 'Activities you want to get back to' },
	{ id: 'baseline', title: 'How you are today' }
] as const;

export type IntakeStepId = (typeof intakeSteps)[number]['id'];

/** What a step needs besides the form: today's date in the clinic's zone. */
export interface IntakeContext {
	today: Temporal.PlainDate;
	/**
	 * The red-flag sets the warning-signs step asks, chosen by the reasons given on the pain
	 * step (`redFlagSetsForPain`); the back set when not known.
	 */
	redFlagSets?: readonly ConditionSetId[];
	/** Question ids a practitioner recorded as seen by a doctor (they do not re-flag). */
	clearedRedFlags?: ReadonlySet<string>;
}

/** What a patient may say they are coming about: a red-flag set, or something else. */
export const visitReasonOptions = [
	...conditionSetIds.map((id) => ({ id, label: conditionSets[id].label })),
	{ id: 'other', label: 'Something else' }
] as const satisfies readonly { id: string; label: string }[];

export type VisitReason = ConditionSetId | 'other';

export interface AboutYouStep {
	fullName: string;
	preferredName: string | null;
	/** "1970-05-14". */
	dateOfBirth: string;
	/** Whole years on `today`, stored so staff need not work it out. */
	age: number;
	phone: string;
	email: string;
	emergencyContact: { name: string; phone: string } | null;
}

export interface PainStep {
	/**
	 * What the patient is coming about; it chooses the warning signs asked next. Missing in
	 * drafts saved before issue 14.
	 */
	reasons?: VisitReason[];
	/** Body region ids, in map order. */
	regions: string[];
	/** "2027-01-10". */
	onset: string;
	duration: PainDuration;
	/** Whole weeks since onset on the day the step was saved. */
	weeks: number;
}

export interface RedFlagStep {
	answers: Record<string, 'yes' | 'no'>;
	screening: Screening;
}

/** Treatments a patient may have tried already (checkboxes on the history step). */
export const previousTreatmentOptions = [
	{ id: 'physical-therapy', label: 'Physical therapy' },
	{ id: 'chiropractic', label: 'Chiropractic' },
	{ id: 'massage', label: 'Massage' },
	{ id: 'acupuncture', label: 'Acupuncture' },
	{ id: 'medication', label: 'Pain medicine' },
	{ id: 'injections', label: 'Injections' },
	{ id: 'surgery', label: 'Surgery' },
	{ id: 'other', label: 'Something else' }
] as const;

export type PreviousTreatment = (typeof previousTreatmentOptions)[number]['id'];

export interface HistoryStep {
	better: string | null;
	worse: string | null;
	previousTreatments: PreviousTreatment[];
	previousTreatmentNotes: string | null;
}

export interface MedicationsStep {
	/** Anticoagulant and antiplatelet answers, by item id. */
	answers: Record<string, ItemAnswer>;
	otherMedications: string | null;
}

export interface HealthStep {
	answers: Record<string, ItemAnswer>;
}

/** The pregnancy question's answers; "I might be" counts as yes for the flags. */
export const pregnancyOptions = [
	{ id: 'no', label: 'No' },
	{ id: 'yes', label: 'Yes' },
	{ id: 'possibly', label: 'I might be' },
	{ id: 'not-applicable', label: 'This does not apply to me' }
] as const;

export interface PregnancyStep {
	pregnancy: (typeof pregnancyOptions)[number]['id'];
	/** Weeks pregnant when the patient knows, else null. */
	weeks: number | null;
}

export interface GoalsStep {
	psfs: PsfsResponse;
}

export interface BaselineStep {
	nprs: NprsResponse;
	peg: PegResponse;
}

/** The stored data of each step. */
export interface IntakeStepData {
	'about-you': AboutYouStep;
	pain: PainStep;
	'red-flags': RedFlagStep;
	history: HistoryStep;
	medications: MedicationsStep;
	health: HealthStep;
	pregnancy: PregnancyStep;
	goals: GoalsStep;
	baseline: BaselineStep;
}

/** The form field names of an item's follow-up detail. */
export function detailFieldNames(item: ContraindicationItem): {
	choices: string;
	other: string;
	text: string;
} {
	return { choices: `${item.id}-choices`, other: `${item.id}-other`, text: `${item.id}-detail` };
}

const oldestAge = 120;
const longText = 1000;
const shortText = 500;

function aboutYouSchema({ today }: IntakeContext) {
	const phone = z.preprocess(firstValue, contactDetailsSchema.shape.phone);
	return formSchema((form): AboutYouStep => {
		const dateOfBirth = form.field(
			'date-of-birth',
			isoDateField({
				required: 'Please enter your date of birth.',
				invalid: 'Please enter your date of birth as a real date, like 1970-05-14.',
				tooLate: { latest: today, message: 'Your date of birth cannot be in the future.' },
				tooEarly: {
					earliest: today.subtract({ years: oldestAge }),
					message: 'Please check the year of your date of birth.'
				}
			}),
			today.toString()
		);
		const emergencyName = form.field(
			'emergency-contact-name',
			optionalLine(120, 'Please keep the name under 120 characters.'),
			null
		);
		const emergencyPhoneText = firstValue(form.values['emergency-contact-phone'])?.trim() ?? '';
		let emergencyContact: AboutYouStep['emergencyContact'] = null;
		if (emergencyName || emergencyPhoneText) {
			// A contact is only useful with both a name and a number to call.
			if (!emergencyName)
				form.fail('emergency-contact-name', 'Please add the name of this person.');
			const emergencyPhone = form.field(
				'emergency-contact-phone',
				z.preprocess(
					firstValue,
					z
						.string({ error: 'Please add a phone number for this person.' })
						.trim()
						.min(1, 'Please add a phone number for this person.')
						.pipe(contactDetailsSchema.shape.phone)
				),
				''
			);
			emergencyContact = { name: emergencyName ?? '', phone: emergencyPhone };
		}
		return {
			fullName: form.field(
				'full-name',
				requiredText(
					'Please enter your full name.',
					120,
					'Please keep your name under 120 characters.'
				).pipe(
					z
						.string()
						.min(2, 'Please enter your full name.')
						// Typed names pick up double spaces; the signature check ignores them anyway.
						.transform((name) => name.replace(/\s+/g, ' '))
				),
				''
			),
			preferredName: form.field(
				'preferred-name',
				optionalLine(120, 'Please keep the name under 120 characters.'),
				null
			),
			dateOfBirth,
			age: Temporal.PlainDate.from(dateOfBirth).until(today, { largestUnit: 'years' }).years,
			phone: form.field('phone', phone, ''),
			email: form.field('email', z.preprocess(firstValue, contactDetailsSchema.shape.email), ''),
			emergencyContact
		};
	});
}

function painSchema({ today }: IntakeContext) {
	const reasonIds = visitReasonOptions.map((option) => option.id) as [
		VisitReason,
		...VisitReason[]
	];
	return formSchema((form): PainStep => {
		const reasons = form.field(
			'reasons',
			checkboxField(reasonIds, 'Please choose from the list.').pipe(
				z.array(z.enum(reasonIds)).min(1, 'Please choose what you are coming to us about.')
			),
			[]
		);
		const regions = form.field(
			'regions',
			checkboxField(bodyRegionIds, 'Please choose places from the list.').pipe(
				z.array(z.string()).min(1, 'Please choose at least one place where it hurts.')
			),
			[]
		);
		const onset = form.field(
			'pain-onset',
			isoDateField({
				required: 'Please tell us when this pain started. A rough date is fine.',
				invalid: 'Please enter a real date, like 2027-01-15. A rough date is fine.',
				tooLate: { latest: today, message: 'The date the pain started cannot be in the future.' },
				tooEarly: {
					earliest: today.subtract({ years: oldestAge }),
					message: 'Please check the year the pain started.'
				}
			}),
			today.toString()
		);
		const onsetDate = Temporal.PlainDate.from(onset);
		return {
			reasons,
			regions,
			onset,
			duration: classifyPainDuration(onsetDate, today),
			weeks: Math.floor(daysSinceOnset(onsetDate, today) / 7)
		};
	});
}

function redFlagSchema({ redFlagSets, clearedRedFlags }: IntakeContext) {
	const answer = choiceField(['yes', 'no'], 'Please answer yes or no.');
	const asked = askedQuestionIds(redFlagSets ?? ['back'], 'first');
	return formSchema((form): RedFlagStep => {
		const answers: Record<string, 'yes' | 'no'> = {};
		// Every question needs an answer: an unanswered question must not count as a "no".
		for (const id of asked) answers[id] = form.field(id, answer, 'no');
		const yes = asked.filter((id) => answers[id] === 'yes');
		return {
			answers,
			screening: screenRedFlags(yes, { occasion: 'first', cleared: clearedRedFlags })
		};
	});
}

/**
 * The red-flag sets a saved pain step calls for: the reasons the patient chose ("something
 * else" alone asks the back set, the broadest); for a draft saved before reasons were asked,
 * the neck set when only the head and neck hurt, else the back set.
 */
export function redFlagSetsForPain(pain: PainStep | null | undefined): ConditionSetId[] {
	if (pain?.reasons && pain.reasons.length > 0) return normaliseSets(pain.reasons);
	const regions = pain?.regions ?? [];
	const neckOnly = regions.length > 0 && regions.every((id) => /neck|head/.test(id));
	return neckOnly ? ['neck'] : ['back'];
}

function historySchema() {
	const tooLong = `Please keep this under ${shortText} characters.`;
	const treatmentIds = previousTreatmentOptions.map((option) => option.id) as [
		PreviousTreatment,
		...PreviousTreatment[]
	];
	return formSchema((form): HistoryStep => ({
		better: form.field('better', optionalText(shortText, tooLong), null),
		worse: form.field('worse', optionalText(shortText, tooLong), null),
		previousTreatments: form.field(
			'previous-treatments',
			checkboxField(treatmentIds, 'Please choose treatments from the list.'),
			[]
		),
		previousTreatmentNotes: form.field(
			'previous-treatment-notes',
			optionalText(longText, `Please keep this under ${longText} characters.`),
			null
		)
	}));
}

const itemAnswerField = choiceField(['yes', 'no', 'unsure'], 'Please answer yes, no or not sure.');

/** Reads one contraindication item and its follow-up detail, which is required after "yes". */
function readItem(form: FormReader, item: ContraindicationItem): ItemAnswer {
	const answer = form.field(item.id, itemAnswerField, 'no');
	const detail = item.detail;
	if (!detail || answer === 'no') return { answer };
	const names = detailFieldNames(item);
	if (detail.kind === 'text') {
		const text = form.field(
			names.text,
			optionalText(200, 'Please keep this under 200 characters.'),
			null
		);
		if (answer === 'yes' && !text) form.fail(names.text, `Please answer: ${detail.question}`);
		return { answer, text };
	}
	const optionIds = detail.options.map((option) => option.id) as [string, ...string[]];
	const choices = form.field(
		names.choices,
		checkboxField(optionIds, 'Please choose from the list.'),
		[]
	);
	const other = form.field(
		names.other,
		optionalText(200, 'Please keep this under 200 characters.'),
		null
	);
	if (answer === 'yes' && choices.length === 0 && !other) {
		form.fail(names.choices, `Please tick which one, or describe it under "${detail.otherLabel}".`);
	}
	return { answer, choices, text: other };
}

function medicationsSchema() {
	const items = contraindicationItemsForStep('medications');
	return formSchema((form): MedicationsStep => ({
		answers: Object.fromEntries(items.map((item) => [item.id, readItem(form, item)])),
		otherMedications: form.field(
			'other-medications',
			optionalText(longText, `Please keep this under ${longText} characters.`),
			null
		)
	}));
}

function healthSchema() {
	const items = contraindicationItemsForStep('health');
	return formSchema((form): HealthStep => ({
		answers: Object.fromEntries(items.map((item) => [item.id, readItem(form, item)]))
	}));
}

function pregnancySchema() {
	const ids = pregnancyOptions.map((option) => option.id) as [
		PregnancyStep['pregnancy'],
		...PregnancyStep['pregnancy'][]
	];
	return formSchema((form): PregnancyStep => {
		const pregnancy = form.field(
			'pregnancy',
			choiceField(ids, 'Please choose the answer that fits you.'),
			'no'
		);
		const weeksText = firstValue(form.values['pregnancy-weeks'])?.trim() ?? '';
		let weeks: number | null = null;
		if (pregnancy === 'yes' && weeksText !== '') {
			weeks = form.field(
				'pregnancy-weeks',
				z.preprocess(
					(value) => firstValue(value)?.trim(),
					z
						.string()
						.regex(/^\d{1,2}$/, 'Please enter the number of weeks, like 14, or leave it blank.')
						.transform(Number)
						.pipe(
							z
								.number()
								.min(1, 'Please check the number of weeks.')
								.max(42, 'Please check the number of weeks.')
						)
				),
				0
			);
		}
		return { pregnancy, weeks };
	});
}

function goalsSchema() {
	return formSchema((form): GoalsStep => ({ psfs: readPsfsGoals(form) }));
}

function baselineSchema() {
	return formSchema((form): BaselineStep => ({ nprs: readNprs(form), peg: readPeg(form) }));
}

/** The zod schema of one step; steps that check dates need `today`. */
export function intakeStepSchema<S extends IntakeStepId>(
	step: S,
	context: IntakeContext
): z.ZodType<IntakeStepData[S], FormValues> {
	const schemas: { [K in IntakeStepId]: () => z.ZodType<IntakeStepData[K], FormValues> } = {
		'about-you': () => aboutYouSchema(context),
		pain: () => painSchema(context),
		'red-flags': () => redFlagSchema(context),
		history: historySchema,
		medications: medicationsSchema,
		health: healthSchema,
		pregnancy: pregnancySchema,
		goals: goalsSchema,
		baseline: baselineSchema
	};
	return schemas[step]();
}

/**
 * Parses one posted step: the data to save, or a message per field name to show next to the
 * fields.
 */
export function parseIntakeStep<S extends IntakeStepId>(
	step: S,
	values: FormValues,
	context: IntakeContext
): FormResult<IntakeStepData[S]> {
	return parseForm(intakeStepSchema(step, context), values);
}

/** Whether a string names an intake step (for a step taken from a URL). */
export function isIntakeStepId(value: string): value is IntakeStepId {
	return intakeSteps.some((step) => step.id === value);
}

/**
 * The contraindication answers of a saved intake, ready for `contraindicationFlags`. A
 * "possible" pregnancy counts as yes, as the brief treats both alike.
 */
export function intakeContraindicationAnswers(steps: {
	medications?: MedicationsStep | null;
	health?: HealthStep | null;
	pregnancy?: PregnancyStep | null;
}): ContraindicationAnswers {
	const answers: Record<string, ItemAnswer> = {
		...(steps.medications?.answers ?? {}),
		...(steps.health?.answers ?? {})
	};
	const pregnancy = steps.pregnancy;
	if (pregnancy) {
		answers.pregnancy =
			pregnancy.pregnancy === 'yes'
				? { answer: 'yes', text: pregnancy.weeks ? `${pregnancy.weeks} weeks` : null }
				: pregnancy.pregnancy === 'possibly'
					? { answer: 'yes', text: 'possibly pregnant' }
					: { answer: 'no' };
	}
	return answers;
}
