import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import type { ConnectionKind } from '$lib/domain/testimonials/publication-choice';
import { fromDbInstantOrNull, toDbInstant } from '../instant';
import type { Database } from '../schema';

/*
 * The `testimonial` table: the demo clinic's samples and testimonials from before the
 * invitation system, entered by staff from a signed paper authorization (migration 0013).
 * Testimonials that came through invitations are in testimonial-publication-repository.ts.
 */

/** An entry of the `testimonial` table as the website shows it. */
export interface TestimonialEntryRow {
	id: number;
	displayName: string;
	rating: number;
	body: string;
	conditionName: string | null;
	conditionSlug: string | null;
	givenOn: string;
	source: 'sample' | 'legacy';
	connectionKind: ConnectionKind | null;
	connectionText: string | null;
}

// ---------------------------------------------------------------------------------------------
// Reading entries: what the website shows, and everything for staff

/** An entry of the `testimonial` table as staff see it: shown or not, with its attestation. */
export interface TestimonialEntryRecord extends TestimonialEntryRow {
	published: boolean;
	attestedByName: string | null;
	attestedAt: Temporal.Instant | null;
	authorizationSignedOn: string | null;
	expiresOn: string | null;
	withdrawnAt: Temporal.Instant | null;
	withdrawnByName: string | null;
	withdrawnReason: string | null;
}

function entryQuery(db: Kysely<Database>) {
	return db
		.selectFrom('testimonial as t')
		.leftJoin('condition as c', 'c.id', 't.condition_id')
		.select([
			't.id',
			't.display_name',
			't.rating',
			't.body',
			't.given_on',
			't.source',
			't.published',
			't.connection_kind',
			't.connection_text',
			't.attested_by_name',
			't.attested_at',
			't.authorization_signed_on',
			't.expires_on',
			't.withdrawn_at',
			't.withdrawn_by_name',
			't.withdrawn_reason',
			'c.name as condition_name',
			'c.slug as condition_slug'
		]);
}

function toEntryRecord(row: {
	id: number;
	display_name: string;
	rating: number;
	body: string;
	given_on: string;
	source: string;
	published: number;
	connection_kind: ConnectionKind | null;
	connection_text: string | null;
	attested_by_name: string | null;
	attested_at: string | Date | null;
	authorization_signed_on: string | null;
	expires_on: string | null;
	withdrawn_at: string | Date | null;
	withdrawn_by_name: string | null;
	withdrawn_reason: string | null;
	condition_name: string | null;
	condition_slug: string | null;
}): TestimonialEntryRecord {
	return {
		id: row.id,
		displayName: row.display_name,
		rating: row.rating,
		body: row.body,
		conditionName: row.condition_name,
		conditionSlug: row.condition_slug,
		givenOn: row.given_on,
		source: row.source === 'legacy' ? 'legacy' : 'sample',
		connectionKind: row.connection_kind,
		connectionText: row.connection_text,
		published: row.published === 1,
		attestedByName: row.attested_by_name,
		attestedAt: fromDbInstantOrNull(row.attested_at),
		authorizationSignedOn: row.authorization_signed_on,
		expiresOn: row.expires_on,
		withdrawnAt: fromDbInstantOrNull(row.withdrawn_at),
		withdrawnByName: row.withdrawn_by_name,
		withdrawnReason: row.withdrawn_reason
	};
}

/**
 * Entries shown on `today` (the clinic-local date, "2027-03-15"): published, not withdrawn, and
 * (for paper authorizations) not past their last day in effect.
 */
export async function listShownTestimonialEntries(
	db: Kysely<Database>,
	today: string
): Promise<TestimonialEntryRow[]> {
	const rows = await entryQuery(db)
		.where('t.published', '=', 1)
		.where('t.withdrawn_at', 'is', null)
		.where('t.source', 'in', ['sample', 'legacy'])
		.where((eb) => eb.or([eb('t.expires_on', 'is', null), eb('t.expires_on', '>=', today)]))
		.orderBy('t.given_on', 'desc')
		.orderBy('t.id', 'desc')
		.execute();
	return rows.map(toEntryRecord);
}

/** Every entry (samples and paper authorizations, withdrawn ones too), newest given first. */
export async function listTestimonialEntriesForStaff(
	db: Kysely<Database>
): Promise<TestimonialEntryRecord[]> {
	const rows = await entryQuery(db)
		.where('t.source', 'in', ['sample', 'legacy'])
		.orderBy('t.given_on', 'desc')
		.orderBy('t.id', 'desc')
		.execute();
	return rows.map(toEntryRecord);
}

/** One entry, or undefined. */
export async function findTestimonialEntry(
	db: Kysely<Database>,
	id: number
): Promise<TestimonialEntryRecord | undefined> {
	const row = await entryQuery(db).where('t.id', '=', id).executeTakeFirst();
	return row && toEntryRecord(row);
}

/**
 * Records a testimonial from a signed paper authorization (`source = 'legacy'`), published at
 * once, with who attested that the authorization is on file; in the caller's transaction.
 */
export async function insertLegacyTestimonial(
	db: Kysely<Database>,
	entry: {
		displayName: string;
		rating: number;
		body: string;
		conditionId: number | null;
		givenOn: string;
		authorizationSignedOn: string;
		expiresOn: string;
		connectionKind: ConnectionKind;
		connectionText: string | null;
		attestedById: string;
		attestedByName: string;
		attestedAt: Temporal.Instant;
	}
): Promise<number> {
	const row = await db
		.insertInto('testimonial')
		.values({
			display_name: entry.displayName,
			rating: entry.rating,
			body: entry.body,
			condition_id: entry.conditionId,
			given_on: entry.givenOn,
			source: 'legacy',
			published: 1,
			attested_by_id: entry.attestedById,
			attested_by_name: entry.attestedByName,
			attested_at: toDbInstant(entry.attestedAt),
			authorization_signed_on: entry.authorizationSignedOn,
			expires_on: entry.expiresOn,
			connection_kind: entry.connectionKind,
			connection_text: entry.connectionText,
			withdrawn_at: null,
			withdrawn_by_name: null,
			withdrawn_reason: null
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

/**
 * Takes a legacy entry off the website for good, with when, by whom and why. False when the
 * entry is not a legacy one or was withdrawn already (the first withdrawal is kept).
 */
export async function withdrawLegacyTestimonial(
	db: Kysely<Database>,
	id: number,
	withdrawal: { at: Temporal.Instant; byName: string; reason: string }
): Promise<boolean> {
	const result = await db
		.updateTable('testimonial')
		.set({
			withdrawn_at: toDbInstant(withdrawal.at),
			withdrawn_by_name: withdrawal.byName,
			withdrawn_reason: withdrawal.reason
		})
		.where('id', '=', id)
		.where('source', '=', 'legacy')
		.where('withdrawn_at', 'is', null)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}
