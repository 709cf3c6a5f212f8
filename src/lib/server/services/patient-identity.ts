import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import type { Database } from '../db/schema';
import type { RequestMeta } from './audit';

/** When and from where the proof of ownership arrived. */
export interface EmailOwnershipContext {
	now: Temporal.Instant;
	request?: RequestMeta;
}

/**
 * PLACEHOLDER (issue 12): the patient has just proved control of this email address (a patient
 * session started from an emailed one-time link, in `trx`). The real function, written with
 * the booking and matching work, joins unconfirmed online bookings for this address to the
 * matching patient record. This stand-in does nothing, so the sign-in can be built and merged
 * first; the integrator replaces this file with the real one (same name and signature).
 */
export async function confirmEmailOwnership(
	trx: Kysely<Database>,
	owner: { emailNormalized: string },
	context: EmailOwnershipContext
): Promise<void> {
	void trx;
	void owner;
	void context;
}
