import { nprsItem, pegItems } from '../outcomes/scales';
import { psfsFieldNames } from '../outcomes/scale-forms';
import { bodyRegion } from './body-regions';
import {
	contraindicationItemsForStep,
	type ContraindicationItem,
	type ItemAnswer
} from './contraindications';
import type { FormValues } from './form-values';
import {
	detailFieldNames,
	intakeSteps,
	pregnancyOptions,
	previousTreatmentOptions,
	visitReasonOptions,
	type IntakeStepData,
	type IntakeStepId
} from './intake-steps';
import { painDurationLabels } from './pain-duration';
import { findRedFlagQuestion, screeningMessages } from './red-flags';

/*
 * Saved intake answers read back: as the form values that fill a step's form again (a patient
 * changing an answer, or a new intake started from the last one), and as a plain summary for
 * the review page, the patient's read-only copy and the staff view. Both read the stored step
 * data, never the posted strings, so what is shown is what was saved.
 */

/** The saved steps of one intake; a step not saved yet is absent. */
export type IntakeSteps = Partial<IntakeStepData>;

/** The form values that show a saved step's answers in its form again. */
export function stepFormValues<S extends IntakeStepId>(
	step: S,
	data: IntakeStepData[S]
): FormValues {
	const readers: { [K in IntakeStepId]: (value: IntakeStepData[K]) => FormValues } = {
		'about-you': (value) => ({
			'full-name': value.fullName,
			'preferred-name': value.preferredName ?? '',
			'date-of-birth': value.dateOfBirth,
			phone: value.phone,
			email: value.email,
			'emergency-contact-name': value.emergencyContact?.name ?? '',
			'emergency-contact-phone': value.emergencyContact?.phone ?? ''
		}),
		pain: (value) => ({
			reasons: value.reasons ?? [],
			regions: value.regions,
			'pain-onset': value.onset
		}),
		'red-flags': (value) => ({ ...value.answers }),
		history: (value) => ({
			better: value.better ?? '',
			worse: value.worse ?? '',
			'previous-treatments': value.previousTreatments,
			'previous-treatment-notes': value.previousTreatmentNotes ?? ''
		}),
		medications: (value) => ({
			...itemValues('medications', value.answers),
			'other-medications': value.otherMedications ?? ''
		}),
		health: (value) => itemValues('health', value.answers),
		pregnancy: (value) => ({
			pregnancy: value.pregnancy,
			'pregnancy-weeks': value.weeks === null ? '' : String(value.weeks)
		}),
		goals: (value) => {
			const values: Record<string, string> = {};
			for (const activity of value.psfs.activities) {
				const row = Number(activity.id.replace(/^activity-/, ''));
				const names = psfsFieldNames(row);
				values[names.activity] = activity.name;
				values[names.score] = String(activity.score);
			}
			return values;
		},
		baseline: (value) => ({
			[nprsItem.id]: String(value.nprs.score),
			...Object.fromEntries(pegItems.map((item) => [item.id, String(value.peg.items[item.id])]))
		})
	};
	return readers[step](data);
}

function itemValues(
	step: 'medications' | 'health',
	answers: Record<string, ItemAnswer>
): Record<string, string | readonly string[]> {
	const values: Record<string, string | readonly string[]> = {};
	for (const item of contraindicationItemsForStep(step)) {
		const answer = answers[item.id];
		if (!answer) continue;
		values[item.id] = answer.answer;
		const names = detailFieldNames(item);
		if (item.detail?.kind === 'choices') {
			values[names.choices] = answer.choices ?? [];
			values[names.other] = answer.text ?? '';
		} else if (item.detail?.kind === 'text') {
			values[names.text] = answer.text ?? '';
		}
	}
	return values;
}

/** One answer as the summary shows it. */
export interface SummaryRow {
	label: string;
	value: string;
}

/** One step's answers as the summary shows them. */
export interface SummarySection {
	step: IntakeStepId;
	title: string;
	rows: SummaryRow[];
}

const answerWords = { yes: 'Yes', no: 'No', unsure: 'Not sure' } as const;

/** A yes/no/not sure answer in words, with its details after a yes or a not sure. */
function describeItem(item: ContraindicationItem, answer: ItemAnswer | undefined): string {
	if (!answer) return 'Not answered';
	const word = answerWords[answer.answer];
	const detail = item.detail;
	if (!detail || answer.answer === 'no') return word;
	const parts: string[] = [];
	if (detail.kind === 'choices') {
		const chosen = new Set(answer.choices ?? []);
		parts.push(...detail.options.filter((option) => chosen.has(option.id)).map((o) => o.label));
	}
	if (answer.text) parts.push(answer.text);
	return parts.length > 0 ? `${word}: ${parts.join('; ')}` : word;
}

const orNone = (text: string | null) => (text && text.trim() ? text : 'Not given');

/** The rows of one saved step, in the order the step asks them. */
export function summarizeStep<S extends IntakeStepId>(
	step: S,
	data: IntakeStepData[S]
): SummaryRow[] {
	const summaries: { [K in IntakeStepId]: (value: IntakeStepData[K]) => SummaryRow[] } = {
		'about-you': (value) => [
			{ label: 'Full name', value: value.fullName },
			{ label: 'Preferred name', value: orNone(value.preferredName) },
			{ label: 'Date of birth', value: `${value.dateOfBirth} (age ${value.age})` },
			{ label: 'Phone', value: value.phone },
			{ label: 'Email', value: value.email },
			{
				label: 'Emergency contact',
				value: value.emergencyContact
					? `${value.emergencyContact.name}, ${value.emergencyContact.phone}`
					: 'Not given'
			}
		],
		pain: (value) => [
			...(value.reasons
				? [
						{
							label: 'Coming about',
							value: value.reasons
								.map((id) => visitReasonOptions.find((option) => option.id === id)?.label ?? id)
								.join('; ')
						}
					]
				: []),
			{
				label: 'Where it hurts',
				value: value.regions.map((id) => bodyRegion(id)?.label ?? id).join('; ')
			},
			{
				label: 'Since',
				value: `${value.onset}: ${painDurationLabels[value.duration].toLowerCase()}`
			}
		],
		'red-flags': (value) => {
			// Any set's questions, by id; an id no longer asked is shown as it was stored.
			const yes = Object.entries(value.answers)
				.filter(([, answer]) => answer === 'yes')
				.map(([id]) => findRedFlagQuestion(id)?.text ?? id);
			return [
				{
					label: 'Warning signs answered yes',
					value: yes.length === 0 ? 'None' : yes.join(' ')
				},
				{ label: 'Advice given', value: screeningMessages[value.screening.outcome].title }
			];
		},
		history: (value) => [
			{ label: 'What makes it better', value: orNone(value.better) },
			{ label: 'What makes it worse', value: orNone(value.worse) },
			{
				label: 'Treatments tried',
				value:
					value.previousTreatments.length === 0
						? 'None'
						: previousTreatmentOptions
								.filter((option) => value.previousTreatments.includes(option.id))
								.map((option) => option.label)
								.join('; ')
			},
			{ label: 'About those treatments', value: orNone(value.previousTreatmentNotes) }
		],
		medications: (value) => [
			...contraindicationItemsForStep('medications').map((item) => ({
				label: item.staffLabel,
				value: describeItem(item, value.answers[item.id])
			})),
			{ label: 'Other medicines', value: orNone(value.otherMedications) }
		],
		health: (value) =>
			contraindicationItemsForStep('health').map((item) => ({
				label: item.staffLabel,
				value: describeItem(item, value.answers[item.id])
			})),
		pregnancy: (value) => [
			{
				label: 'Pregnant',
				value: `${pregnancyOptions.find((option) => option.id === value.pregnancy)?.label ?? value.pregnancy}${
					value.weeks ? ` (${value.weeks} weeks)` : ''
				}`
			}
		],
		goals: (value) => [
			...value.psfs.activities.map((activity) => ({
				label: activity.name,
				value: `${activity.score} out of 10`
			})),
			{ label: 'Average (PSFS)', value: `${value.psfs.score} out of 10` }
		],
		baseline: (value) => [
			{ label: 'Pain right now (NPRS)', value: `${value.nprs.score} out of 10` },
			...pegItems.map((item) => ({
				label: item.question,
				value: `${value.peg.items[item.id]} out of 10`
			})),
			{ label: 'PEG score (average)', value: `${value.peg.score} out of 10` }
		]
	};
	return summaries[step](data);
}

/** Every saved step's answers, in intake order; unsaved steps are left out. */
export function summarizeIntake(steps: IntakeSteps): SummarySection[] {
	const sections: SummarySection[] = [];
	for (const { id, title } of intakeSteps) {
		const data = steps[id];
		if (data === undefined) continue;
		sections.push({ step: id, title, rows: summarizeStep(id, data as never) });
	}
	return sections;
}
