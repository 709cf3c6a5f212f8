import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import type { OutcomeSummarySnapshot } from '$lib/domain/outcomes/published-summary';
import { fromDbInstant, toDbInstant } from '../instant';
import type { Database } from '../schema';

/*
 * Published clinic outcome summaries (migration 0011). At most one is live (not withdrawn):
 * publishing withdraws the one before, and taking the summary off the site withdraws it.
 */

/** A stored summary: its JSON text is read by `readOutcomeSummary`. */
export interface StoredOutcomeSummary {
	id: number;
	summaryJson: string;
	computedOn: string;
	included: number;
	publishedAt: Temporal.Instant;
}

/** The summary on the website now, or null. */
export async function findLiveOutcomeSummary(
	db: Kysely<Database>
): Promise<StoredOutcomeSummary | null> {
	const row = await db
		.selectFrom('outcome_summary')
		.select(['id', 'summary_json', 'computed_on', 'included', 'published_at'])
		.where('withdrawn_at', 'is', null)
		.orderBy('published_at', 'desc')
		.orderBy('id', 'desc')
		.limit(1)
		.executeTakeFirst();
	if (!row) return null;
	return {
		id: row.id,
		summaryJson: row.summary_json,
		computedOn: row.computed_on,
		included: row.included,
		publishedAt: fromDbInstant(row.published_at)
	};
}

/** Withdraws every live summary; returns the ids withdrawn. */
export async function withdrawOutcomeSummaries(
	db: Kysely<Database>,
	at: Temporal.Instant
): Promise<number[]> {
	const rows = await db
		.updateTable('outcome_summary')
		.set({ withdrawn_at: toDbInstant(at) })
		.where('withdrawn_at', 'is', null)
		.returning('id')
		.execute();
	return rows.map((row) => row.id);
}

/** Stores a snapshot as the live summary (withdraw the previous one first). */
export async function insertOutcomeSummary(
	db: Kysely<Database>,
	snapshot: OutcomeSummarySnapshot,
	at: Temporal.Instant
): Promise<number> {
	const row = await db
		.insertInto('outcome_summary')
		.values({
			summary_json: JSON.stringify(snapshot),
			computed_on: snapshot.computedOn,
			included: snapshot.included,
			published_at: toDbInstant(at)
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}
