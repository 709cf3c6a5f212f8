import { intakeSteps, type IntakeStepId } from './intake-steps';

/*
 * Progress through the intake. Each step is saved when it is submitted, so a patient can stop
 * on a phone and finish later on a laptop; this works out where they are from the steps
 * already saved. Patients may go back to any step; "next" is always the first step still
 * missing, so skipping ahead by editing a URL cannot leave a gap.
 */

export interface IntakeStepStatus {
	id: IntakeStepId;
	title: string;
	/** 1-based position, for "Step 3 of 9". */
	number: number;
	complete: boolean;
}

export interface IntakeProgress {
	steps: IntakeStepStatus[];
	completedCount: number;
	total: number;
	/** The first step not yet saved, or null when the intake is complete. */
	next: IntakeStepId | null;
	complete: boolean;
}

/**
 * Where a patient is in the intake, from the ids of the steps saved so far. Ids that are not
 * steps (a step retired in a later version) are ignored.
 */
export function intakeProgress(savedSteps: Iterable<string>): IntakeProgress {
	const saved = new Set(savedSteps);
	const steps = intakeSteps.map((step, index) => ({
		id: step.id,
		title: step.title,
		number: index + 1,
		complete: saved.has(step.id)
	}));
	const completedCount = steps.filter((step) => step.complete).length;
	const next = steps.find((step) => !step.complete)?.id ?? null;
	return { steps, completedCount, total: steps.length, next, complete: next === null };
}

/**
 * The step to show after saving `current`: the first missing step after it, else the first
 * missing step before it (one the patient skipped), else null when everything is saved.
 * Going forward first keeps a patient who edits an early step moving in the order they expect.
 */
export function stepAfter(
	current: IntakeStepId,
	savedSteps: Iterable<string>
): IntakeStepId | null {
	const saved = new Set(savedSteps);
	saved.add(current);
	const index = intakeSteps.findIndex((step) => step.id === current);
	const ordered = [...intakeSteps.slice(index + 1), ...intakeSteps.slice(0, index)];
	return ordered.find((step) => !saved.has(step.id))?.id ?? null;
}
