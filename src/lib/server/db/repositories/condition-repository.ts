import type { Kysely } from 'kysely';
import type { Byline, Condition, ConditionPage } from '$lib/domain/clinic/types';
import type { ConditionDraft, ConditionStatus } from '$lib/domain/content/condition-page';
import type { Database } from '../schema';
import { numberedReferenceRows, publicationColumns } from './reviewed-text-rows';

type Db = Kysely<Database>;

function conditionQuery(db: Db) {
	return db
		.selectFrom('condition')
		.leftJoin('service', 'service.id', 'condition.service_id')
		.select([
			'condition.id',
			'condition.slug',
			'condition.name',
			'condition.summary',
			'condition.body_markdown',
			'condition.status',
			'service.slug as service_slug'
		])
		.orderBy('condition.display_order')
		.orderBy('condition.id');
}

type ConditionRow = Awaited<ReturnType<ReturnType<typeof conditionQuery>['execute']>>[number];

const conditionOf = (row: ConditionRow): Condition => ({
	id: row.id,
	slug: row.slug,
	name: row.name,
	summary: row.summary,
	bodyMarkdown: row.body_markdown,
	serviceSlug: row.service_slug
});

/** Every condition the clinic treats, drafts included, in display order. */
export async function listConditions(db: Db): Promise<Condition[]> {
	const rows = await conditionQuery(db).execute();
	return rows.map(conditionOf);
}

/** The conditions whose pages are published: the only ones the public site shows. */
export async function listPublishedConditions(db: Db): Promise<Condition[]> {
	const rows = await conditionQuery(db).where('condition.status', '=', 'published').execute();
	return rows.map(conditionOf);
}

/** One published condition page with its bylines and references, or null. */
export async function findPublishedConditionPage(
	db: Db,
	slug: string
): Promise<ConditionPage | null> {
	const row = await conditionQuery(db)
		.leftJoin('practitioner as author', 'author.id', 'condition.author_id')
		.leftJoin('practitioner as reviewer', 'reviewer.id', 'condition.reviewer_id')
		.select([
			'condition.last_reviewed_on',
			'condition.published_on',
			'author.slug as author_slug',
			'author.name as author_name',
			'author.credentials as author_credentials',
			'reviewer.slug as reviewer_slug',
			'reviewer.name as reviewer_name',
			'reviewer.credentials as reviewer_credentials'
		])
		.where('condition.status', '=', 'published')
		.where('condition.slug', '=', slug)
		.executeTakeFirst();
	if (!row) return null;
	const references = await db
		.selectFrom('condition_reference')
		.select(['position', 'citation', 'url'])
		.where('condition_id', '=', row.id)
		.orderBy('position')
		.execute();
	const byline = (
		bylineSlug: string | null,
		name: string | null,
		credentials: string | null
	): Byline | null =>
		bylineSlug && name ? { slug: bylineSlug, name, credentials: credentials ?? '' } : null;
	return {
		...conditionOf(row),
		author: byline(row.author_slug, row.author_name, row.author_credentials),
		reviewer: byline(row.reviewer_slug, row.reviewer_name, row.reviewer_credentials),
		lastReviewedOn: row.last_reviewed_on,
		publishedOn: row.published_on,
		references
	};
}

/*
 * The staff workspace's condition editor: every page whatever its status, and the writes.
 */

/** One condition page as the editor lists it. */
export interface ConditionListEntry {
	id: number;
	slug: string;
	name: string;
	status: ConditionStatus;
	publishedOn: string | null;
	lastReviewedOn: string | null;
	authorName: string | null;
	reviewerName: string | null;
}

/** One condition page as the editor edits it. */
export interface ConditionRecord extends ConditionDraft {
	id: number;
	slug: string;
	status: ConditionStatus;
	publishedOn: string | null;
}

const statusOf = (value: string): ConditionStatus =>
	value === 'published' ? 'published' : 'draft';

/** Every condition page, drafts included, in display order. */
export async function listConditionsForEditor(db: Db): Promise<ConditionListEntry[]> {
	const rows = await db
		.selectFrom('condition')
		.leftJoin('practitioner as author', 'author.id', 'condition.author_id')
		.leftJoin('practitioner as reviewer', 'reviewer.id', 'condition.reviewer_id')
		.select([
			'condition.id',
			'condition.slug',
			'condition.name',
			'condition.status',
			'condition.published_on',
			'condition.last_reviewed_on',
			'author.name as author_name',
			'reviewer.name as reviewer_name'
		])
		.orderBy('condition.display_order')
		.orderBy('condition.id')
		.execute();
	return rows.map((row) => ({
		id: row.id,
		slug: row.slug,
		name: row.name,
		status: statusOf(row.status),
		publishedOn: row.published_on,
		lastReviewedOn: row.last_reviewed_on,
		authorName: row.author_name,
		reviewerName: row.reviewer_name
	}));
}

/** One condition page with its references, whatever its status, or null. */
export async function findConditionForEditor(db: Db, id: number): Promise<ConditionRecord | null> {
	const row = await db.selectFrom('condition').selectAll().where('id', '=', id).executeTakeFirst();
	if (!row) return null;
	const references = await db
		.selectFrom('condition_reference')
		.select(['citation', 'url'])
		.where('condition_id', '=', id)
		.orderBy('position')
		.execute();
	return {
		id: row.id,
		slug: row.slug,
		name: row.name,
		summary: row.summary,
		bodyMarkdown: row.body_markdown,
		authorId: row.author_id,
		reviewerId: row.reviewer_id,
		lastReviewedOn: row.last_reviewed_on,
		references,
		status: statusOf(row.status),
		publishedOn: row.published_on
	};
}

async function replaceReferences(db: Db, id: number, draft: ConditionDraft): Promise<void> {
	await db.deleteFrom('condition_reference').where('condition_id', '=', id).execute();
	if (draft.references.length === 0) return;
	await db
		.insertInto('condition_reference')
		.values(numberedReferenceRows(draft.references).map((row) => ({ ...row, condition_id: id })))
		.execute();
}

function conditionColumns(draft: ConditionDraft) {
	return {
		name: draft.name,
		summary: draft.summary,
		body_markdown: draft.bodyMarkdown,
		author_id: draft.authorId,
		reviewer_id: draft.reviewerId,
		last_reviewed_on: draft.lastReviewedOn
	};
}

/** Stores a new condition page with its references; returns its id. */
export async function insertCondition(
	db: Db,
	page: ConditionDraft & { slug: string; serviceId: number | null; displayOrder: number },
	publication: { status: ConditionStatus; publishedOn: string | null }
): Promise<number> {
	const row = await db
		.insertInto('condition')
		.values({
			...conditionColumns(page),
			slug: page.slug,
			service_id: page.serviceId,
			display_order: page.displayOrder,
			...publicationColumns(publication)
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	await replaceReferences(db, row.id, page);
	return row.id;
}

/** Replaces a condition page's text, bylines and references, and sets its status. */
export async function updateCondition(
	db: Db,
	id: number,
	draft: ConditionDraft,
	publication: { status: ConditionStatus; publishedOn: string | null }
): Promise<void> {
	await db
		.updateTable('condition')
		.set({ ...conditionColumns(draft), ...publicationColumns(publication) })
		.where('id', '=', id)
		.execute();
	await replaceReferences(db, id, draft);
}

/** Sets a condition page's status only (unpublishing keeps the text and the first date). */
export async function setConditionStatus(
	db: Db,
	id: number,
	status: ConditionStatus
): Promise<void> {
	await db.updateTable('condition').set({ status }).where('id', '=', id).execute();
}
