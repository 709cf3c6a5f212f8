import type { ContraindicationFlag } from './contraindications';
import type { IntakeFormStatus } from './forms-status';

/** The flags for clinical staff: what to watch, in the staff's words. */
export interface StaffFlag {
	category: ContraindicationFlag['category'];
	/** "Anticoagulant: Apixaban (Eliquis) — Bleeding and bruising risk: ...". */
	text: string;
	certainty: ContraindicationFlag['certainty'];
}

/** The health form on an appointment or patient page. */
export interface StaffHealthForm {
	status: IntakeFormStatus;
	/** "Tuesday, March 16, 2027" for a submitted form. */
	submittedOn: string | null;
	/** Clinical roles only (null otherwise): the flags of the last submitted form. */
	flags: StaffFlag[] | null;
	/** Clinical roles only: the id of the last submitted form, for its full view. */
	intakeId: number | null;
}
