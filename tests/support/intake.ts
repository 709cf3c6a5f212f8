// A complete, valid intake as a browser posts it, step by step, for the intake's tests.
import { contraindicationItemsForStep } from '../../src/lib/domain/intake/contraindications';
import type { FormValues } from '../../src/lib/domain/intake/form-values';
import type { IntakeStepId } from '../../src/lib/domain/intake/intake-steps';
import { redFlagQuestions } from '../../src/lib/domain/intake/red-flags';

const allNo = (step: 'medications' | 'health') =>
	Object.fromEntries(contraindicationItemsForStep(step).map((item) => [item.id, 'no']));

/** Every step answered; the red flags with one within-days "yes" (upper back pain). */
export const postedIntake: Record<IntakeStepId, FormValues> = {
	'about-you': {
		'full-name': 'Ann Lee',
		'preferred-name': 'Annie',
		'date-of-birth': '1970-05-14',
		phone: '(414) 555-0100',
		email: 'ann@example.com',
		'emergency-contact-name': 'Bo Lee',
		'emergency-contact-phone': '(414) 555-0101'
	},
	pain: {
		reasons: 'back',
		regions: ['left-lower-back', 'right-lower-back'],
		'pain-onset': '2026-11-01'
	},
	'red-flags': Object.fromEntries(
		redFlagQuestions.map((question) => [question.id, question.id === 'upper-back' ? 'yes' : 'no'])
	),
	history: {
		better: 'Walking',
		worse: 'Sitting',
		'previous-treatments': ['massage', 'physical-therapy'],
		'previous-treatment-notes': ''
	},
	medications: {
		anticoagulant: 'yes',
		'anticoagulant-choices': ['apixaban'],
		'anticoagulant-other': '',
		antiplatelet: 'no',
		'other-medications': 'Metformin'
	},
	health: { ...allNo('health'), 'metal-allergy': 'yes', 'metal-allergy-detail': 'Nickel' },
	pregnancy: { pregnancy: 'yes', 'pregnancy-weeks': '14' },
	goals: {
		'psfs-activity-1': 'Gardening',
		'psfs-score-1': '3',
		'psfs-activity-2': 'Walking the dog',
		'psfs-score-2': '5',
		'psfs-activity-4': 'Sleeping through',
		'psfs-score-4': '2'
	},
	baseline: { nprs: '6', 'peg-pain': '6', 'peg-enjoyment': '5', 'peg-activity': '4' }
};

/** The red-flag step with "no" to every question. */
export const noRedFlags: FormValues = Object.fromEntries(
	redFlagQuestions.map((question) => [question.id, 'no'])
);

/**
 * Fills and submits a whole intake over HTTP, as a browser without JavaScript would post it,
 * through the patient's manage link; fails unless every step is accepted.
 */
export async function submitIntakeOverHttp(
	manageUrl: string,
	steps: Partial<Record<IntakeStepId, FormValues>> = {}
): Promise<void> {
	const origin = new URL(manageUrl).origin;
	const post = async (path: string, values: FormValues) => {
		const body = new URLSearchParams();
		for (const [name, value] of Object.entries(values)) {
			for (const item of Array.isArray(value) ? value : [value]) {
				if (typeof item === 'string') body.append(name, item);
			}
		}
		const response = await fetch(`${manageUrl}/intake/${path}`, {
			method: 'POST',
			redirect: 'manual',
			headers: {
				origin,
				accept: 'text/html',
				'content-type': 'application/x-www-form-urlencoded'
			},
			body
		});
		if (response.status !== 303) {
			throw new Error(`intake ${path} answered ${response.status}: ${await response.text()}`);
		}
	};
	for (const [step, values] of Object.entries(postedIntake) as [IntakeStepId, FormValues][]) {
		await post(`${step}?/save`, steps[step] ?? (step === 'red-flags' ? noRedFlags : values));
	}
	await post('review?/submit', {});
}
