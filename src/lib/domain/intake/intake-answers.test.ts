import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import type { FormValues } from './form-values';
import { stepFormValues, summarizeIntake, summarizeStep, type IntakeSteps } from './intake-answers';
import { intakeSteps, parseIntakeStep, type IntakeStepId } from './intake-steps';
import { postedIntake } from '../../../../tests/support/intake';

const context = { today: Temporal.PlainDate.from('2027-03-15') };

function parsed<S extends IntakeStepId>(step: S, values: FormValues) {
	const result = parseIntakeStep(step, values, context);
	if (!result.ok) throw new Error(`${step}: ${JSON.stringify(result.errors)}`);
	return result.data;
}

describe('saved answers as form values', () => {
	it('fill every step’s form so that saving it again stores the same answers', () => {
		for (const { id } of intakeSteps) {
			const data = parsed(id, postedIntake[id]);
			expect(parsed(id, stepFormValues(id, data)), id).toEqual(data);
		}
	});

	it('keep a PSFS activity in the row the patient wrote it in', () => {
		const values = stepFormValues('goals', parsed('goals', postedIntake.goals));
		expect(values['psfs-activity-4']).toBe('Sleeping through');
		expect(values['psfs-activity-3']).toBeUndefined();
	});
});

describe('the intake summary', () => {
	const steps = Object.fromEntries(
		intakeSteps.map(({ id }) => [id, parsed(id, postedIntake[id])])
	) as IntakeSteps;

	it('lists the saved steps in order and leaves out the unsaved ones', () => {
		expect(summarizeIntake(steps).map((section) => section.step)).toEqual(
			intakeSteps.map((step) => step.id)
		);
		expect(summarizeIntake({ pain: steps.pain }).map((section) => section.step)).toEqual(['pain']);
	});

	it('names body regions, medicines and details in words', () => {
		const rows = (id: IntakeStepId) =>
			Object.fromEntries(
				summarizeStep(id, steps[id] as never).map((row) => [row.label, row.value])
			);
		expect(rows('pain')['Where it hurts']).toBe('Lower back, right side; Lower back, left side');
		expect(rows('medications').Anticoagulant).toBe('Yes: Apixaban (Eliquis)');
		expect(rows('health')['Metal allergy']).toBe('Yes: Nickel');
		expect(rows('pregnancy').Pregnant).toBe('Yes (14 weeks)');
		expect(rows('red-flags')['Advice given']).toBe(
			'Please see your doctor first, within the next few days'
		);
		expect(rows('goals')['Average (PSFS)']).toBe('3.3 out of 10');
		expect(rows('baseline')['PEG score (average)']).toBe('5 out of 10');
	});
});
