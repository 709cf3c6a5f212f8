import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import type { ReviewedText } from '$lib/domain/content/review-rules';
import type { Database } from '../db/schema';
import { loadClinicZone } from './clinic-contact';

/*
 * What the article editor and the condition page editor share on the server: the record's
 * number from the address, the clinic's date for review dates, and what the audit log keeps
 * of a reviewed text.
 */

/** A record's number from the address, or null when it cannot be one. */
export function contentIdOf(text: string): number | null {
	return /^[1-9]\d{0,9}$/.test(text) ? Number(text) : null;
}

/** The clinic's calendar date now: review dates are the clinic's days. */
export async function clinicToday(db: Kysely<Database>, now: Temporal.Instant): Promise<string> {
	const { timeZone } = await loadClinicZone(db);
	return now.toZonedDateTimeISO(timeZone).toPlainDate().toString();
}

/** What the audit log keeps of a reviewed text: its bylines and references, the text as a hash. */
export function reviewedTextSnapshot(text: ReviewedText) {
	return {
		lastReviewedOn: text.lastReviewedOn,
		authorId: text.authorId,
		reviewerId: text.reviewerId,
		references: text.references,
		bodyLength: text.bodyMarkdown.length,
		bodySha256: createHash('sha256').update(text.bodyMarkdown).digest('hex')
	};
}
