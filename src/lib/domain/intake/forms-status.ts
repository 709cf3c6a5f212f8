import { contraindicationFlags, type ContraindicationFlag } from './contraindications';
import type { IntakeSteps } from './intake-answers';
import { intakeContraindicationAnswers } from './intake-steps';

/*
 * What staff see of a patient's health form. Everyone who runs the day sees whether it is
 * done; only clinical roles see what it says. A patient counts as having a health form once
 * any intake was submitted: an update in progress does not make the last one disappear.
 */

export type IntakeFormStatus = 'submitted' | 'in_progress' | 'missing';

export const intakeFormStatusLabels: Record<IntakeFormStatus, string> = {
	submitted: 'submitted',
	in_progress: 'in progress',
	missing: 'missing'
};

/** The status from a patient's intakes (any order): submitted, started, or nothing yet. */
export function intakeFormStatus(
	intakes: readonly { submittedAt: unknown; steps: IntakeSteps }[]
): IntakeFormStatus {
	if (intakes.some((intake) => intake.submittedAt !== null)) return 'submitted';
	if (intakes.some((intake) => Object.keys(intake.steps).length > 0)) return 'in_progress';
	return 'missing';
}

/** The contraindication and precaution flags of a submitted intake, for clinical staff. */
export function intakeFlags(steps: IntakeSteps): ContraindicationFlag[] {
	return contraindicationFlags(intakeContraindicationAnswers(steps));
}

/**
 * The short text a calendar block shows for clinical staff: "Contraindication" when any
 * technique or site is ruled out, "Precaution" when treatment only needs care, else null.
 */
export function calendarClinicalFlag(
	flags: readonly ContraindicationFlag[]
): 'Contraindication' | 'Precaution' | null {
	if (flags.some((flag) => flag.category === 'contraindication')) return 'Contraindication';
	return flags.length > 0 ? 'Precaution' : null;
}
