import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { readOutcomeSummary } from '$lib/domain/outcomes/published-summary';
import { expectedResultFor, type ExpectedResult } from '$lib/domain/testimonials/expected-results';
import {
	connectionFromColumns,
	shownDisclosure
} from '$lib/domain/testimonials/publication-choice';
import {
	showTestimonials,
	typicalResultsNote,
	type PublishedTestimonial,
	type ShownTestimonial
} from '$lib/domain/testimonials/showing';
import { listPublishedFeedback } from '../db/repositories/testimonial-publication-repository';
import { findLiveOutcomeSummary } from '../db/repositories/outcome-summary-repository';
import { listShownTestimonialEntries } from '../db/repositories/testimonial-repository';
import type { Database } from '../db/schema';
import { loadClinicZone } from './clinic-contact';
import { publishedOutcomeSummaryDate } from './outcome-report';

/*
 * What the website shows of testimonials (issue 6): feedback staff published with a permission
 * that is in effect today (not revoked, not expired), entries from paper authorizations that
 * are not withdrawn or expired, and the demo samples, each marked by where it came from. Read
 * at every request, so a revocation takes the words off at once.
 */

/**
 * A shown testimonial with its condition's slug (for filtering by condition page) and the
 * generally expected result for that condition, shown beside it.
 */
export type WebsiteTestimonial = ShownTestimonial & {
	conditionSlug: string | null;
	expected: ExpectedResult;
};

/** Every testimonial shown today, newest first. */
export async function listWebsiteTestimonials(
	db: Kysely<Database>,
	now: Temporal.Instant
): Promise<WebsiteTestimonial[]> {
	const zone = await loadClinicZone(db);
	const today = now.toZonedDateTimeISO(zone.timeZone).toPlainDate().toString();
	const [feedback, entries, summary] = await Promise.all([
		listPublishedFeedback(db, today),
		listShownTestimonialEntries(db, today),
		findLiveOutcomeSummary(db)
	]);
	const published = summary ? readOutcomeSummary(summary.summaryJson) : null;
	const slugs = new Map<string, string | null>();
	const testimonials: PublishedTestimonial[] = [
		...feedback.map((row) => {
			const key = `feedback-${row.feedbackId}`;
			slugs.set(key, row.conditionSlug);
			return {
				key,
				order: Number(row.createdAt.epochMilliseconds),
				displayName: row.displayName,
				rating: row.rating,
				words: row.words,
				conditionName: row.conditionName,
				givenOn: row.createdAt.toZonedDateTimeISO(zone.timeZone).toPlainDate().toString(),
				disclosure: shownDisclosure(
					connectionFromColumns(row.patientConnection.kind, row.patientConnection.text),
					row.staffConnection &&
						connectionFromColumns(row.staffConnection.kind, row.staffConnection.text)
				),
				origin: 'invited' as const
			};
		}),
		...entries.map((row) => {
			const key = `entry-${row.id}`;
			slugs.set(key, row.conditionSlug);
			return {
				key,
				order: row.id,
				displayName: row.displayName,
				rating: row.rating,
				words: row.body,
				conditionName: row.conditionName,
				givenOn: row.givenOn,
				disclosure: row.connectionKind
					? shownDisclosure(connectionFromColumns(row.connectionKind, row.connectionText), null)
					: null,
				origin: row.source === 'sample' ? ('sample' as const) : ('paper_authorization' as const)
			};
		})
	];
	return showTestimonials(testimonials).map((shown) => {
		const conditionSlug = slugs.get(shown.key) ?? null;
		return {
			...shown,
			conditionSlug,
			expected: expectedResultFor({ conditionSlug, conditionName: shown.conditionName }, published)
		};
	});
}

/** The testimonials page: every shown testimonial and the typical-results note. */
export async function loadTestimonialsPage(db: Kysely<Database>, now: Temporal.Instant) {
	const [testimonials, outcomeSummaryOn] = await Promise.all([
		listWebsiteTestimonials(db, now),
		publishedOutcomeSummaryDate(db)
	]);
	return {
		testimonials,
		containsSamples: testimonials.some((entry) => entry.origin === 'sample'),
		typicalResults: typicalResultsNote(outcomeSummaryOn !== null)
	};
}
