import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import type { Database } from '../db/schema';
import { checkInVisitForm } from './check-in';
import { consentVisitForm } from './consent';
import { intakeVisitForm } from './intake';

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
	appointment: {
		id: number;
		patientId: number;
		status: string;
		inFuture: boolean;
		start: string;
		location: { timeZone: string };
	},
	now: Temporal.Instant
): Promise<VisitForm[]> {
	if (appointment.status === 'cancelled') return [];
	const forms: VisitForm[] = [];
	// The health form: not started, n of 9 steps, or submitted on a date.
	forms.push(await intakeVisitForm(db, appointment));
	// Consent: signed through this appointment, asked again when the owner publishes a newer
	// version. A signature given elsewhere is not shown through this link (ADR 0029).
	forms.push(await consentVisitForm(db, appointment.id));
	// The check-in before each visit: scores and the safety questions again (issue 5).
	const checkIn = await checkInVisitForm(db, appointment, now);
	if (checkIn) forms.push(checkIn);
	return forms;
}
