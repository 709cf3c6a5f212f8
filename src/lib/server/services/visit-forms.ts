import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

/** One thing the patient can do before or at a visit, as the manage page lists it. */
export interface VisitForm {
	/** Relative to the manage page, e.g. 'intake'. */
	path: string;
	label: string;
	/** What is done already, in the patient's words ("Done on March 3"), or what is left. */
	status: string;
	done: boolean;
}

/**
 * The forms a patient's manage page offers for one live appointment: health history, consent
 * and the before-visit check-in. Each feature adds its own entry here; the page lists them in
 * this order.
 */
export async function listVisitForms(
	db: Kysely<Database>,
	appointment: { id: number; patientId: number; status: string; inFuture: boolean }
): Promise<VisitForm[]> {
	void db;
	if (appointment.status === 'cancelled') return [];
	const forms: VisitForm[] = [];
	return forms;
}
