import type { Kysely } from 'kysely';
import type { Article, ArticleSummary, Byline } from '$lib/domain/clinic/types';
import type { ArticleEditorChoices } from '$lib/domain/content/article-form';
import type { ArticleDraft, ArticleStatus } from '$lib/domain/content/article-rules';
import type { Database } from '../schema';
import { numberedReferenceRows, publicationColumns } from './reviewed-text-rows';

function articleQuery(db: Kysely<Database>) {
	return db
		.selectFrom('article')
		.innerJoin('practitioner as author', 'author.id', 'article.author_id')
		.leftJoin('practitioner as reviewer', 'reviewer.id', 'article.reviewer_id')
		.leftJoin('service', 'service.id', 'article.service_id')
		.select([
			'article.id',
			'article.slug',
			'article.title',
			'article.description',
			'article.body_markdown',
			'article.published_on',
			'article.last_reviewed_on',
			'author.slug as author_slug',
			'author.name as author_name',
			'author.credentials as author_credentials',
			'reviewer.slug as reviewer_slug',
			'reviewer.name as reviewer_name',
			'reviewer.credentials as reviewer_credentials',
			'service.slug as service_slug'
		])
		.where('article.status', '=', 'published');
}

type ArticleRow = Awaited<ReturnType<ReturnType<typeof articleQuery>['executeTakeFirstOrThrow']>>;

function summaryOf(row: ArticleRow): ArticleSummary {
	return {
		slug: row.slug,
		title: row.title,
		description: row.description,
		author: { slug: row.author_slug, name: row.author_name, credentials: row.author_credentials },
		publishedOn: row.published_on,
		lastReviewedOn: row.last_reviewed_on
	};
}

/** Published articles, newest first. */
export async function listPublishedArticles(db: Kysely<Database>): Promise<ArticleSummary[]> {
	const rows = await articleQuery(db)
		.orderBy('article.published_on', 'desc')
		.orderBy('article.id', 'desc')
		.execute();
	return rows.map(summaryOf);
}

/** One published article with its references and conditions, or null. */
export async function findPublishedArticle(
	db: Kysely<Database>,
	slug: string
): Promise<Article | null> {
	const row = await articleQuery(db).where('article.slug', '=', slug).executeTakeFirst();
	if (!row) return null;
	const [references, conditions] = await Promise.all([
		db
			.selectFrom('article_reference')
			.select(['position', 'citation', 'url'])
			.where('article_id', '=', row.id)
			.orderBy('position')
			.execute(),
		db
			.selectFrom('article_condition')
			.innerJoin('condition', 'condition.id', 'article_condition.condition_id')
			.select('condition.slug')
			.where('article_condition.article_id', '=', row.id)
			.orderBy('condition.display_order')
			.execute()
	]);
	const reviewer: Byline | null =
		row.reviewer_slug && row.reviewer_name
			? {
					slug: row.reviewer_slug,
					name: row.reviewer_name,
					credentials: row.reviewer_credentials ?? ''
				}
			: null;
	return {
		...summaryOf(row),
		bodyMarkdown: row.body_markdown,
		reviewer,
		serviceSlug: row.service_slug,
		references,
		conditionSlugs: conditions.map((condition) => condition.slug)
	};
}

/** Slugs of published articles linked to a condition. */
export async function listArticlesForCondition(
	db: Kysely<Database>,
	conditionSlug: string
): Promise<ArticleSummary[]> {
	const rows = await articleQuery(db)
		.innerJoin('article_condition', 'article_condition.article_id', 'article.id')
		.innerJoin('condition', 'condition.id', 'article_condition.condition_id')
		.where('condition.slug', '=', conditionSlug)
		.orderBy('article.published_on', 'desc')
		.execute();
	return rows.map(summaryOf);
}

/*
 * The staff workspace's article editor: every article whatever its status, and the writes.
 * `last_reviewed_on` predates drafts and is NOT NULL, so an article nobody has reviewed yet
 * stores '' there; these functions turn that into null and back, and published articles
 * always have a date (publishing requires one).
 */

/** One article as the editor lists it. */
export interface ArticleListEntry {
	id: number;
	slug: string;
	title: string;
	status: ArticleStatus;
	publishedOn: string | null;
	lastReviewedOn: string | null;
	authorName: string;
	reviewerName: string | null;
}

/** One article as the editor edits it. */
export interface ArticleRecord extends ArticleDraft {
	id: number;
	status: ArticleStatus;
	publishedOn: string | null;
}

const statusOf = (value: string): ArticleStatus => (value === 'published' ? 'published' : 'draft');
const reviewedOn = (value: string): string | null => (value === '' ? null : value);

/** Every article, drafts included, the most recently reviewed first and unreviewed drafts on top. */
export async function listArticlesForEditor(db: Kysely<Database>): Promise<ArticleListEntry[]> {
	const rows = await db
		.selectFrom('article')
		.innerJoin('practitioner as author', 'author.id', 'article.author_id')
		.leftJoin('practitioner as reviewer', 'reviewer.id', 'article.reviewer_id')
		.select([
			'article.id',
			'article.slug',
			'article.title',
			'article.status',
			'article.published_on',
			'article.last_reviewed_on',
			'author.name as author_name',
			'reviewer.name as reviewer_name'
		])
		.orderBy('article.last_reviewed_on', 'desc')
		.orderBy('article.id', 'desc')
		.execute();
	const entries = rows.map((row) => ({
		id: row.id,
		slug: row.slug,
		title: row.title,
		status: statusOf(row.status),
		publishedOn: row.published_on,
		lastReviewedOn: reviewedOn(row.last_reviewed_on),
		authorName: row.author_name,
		reviewerName: row.reviewer_name
	}));
	return [
		...entries.filter((entry) => entry.lastReviewedOn === null),
		...entries.filter((entry) => entry.lastReviewedOn !== null)
	];
}

/** One article with its references and conditions, whatever its status, or null. */
export async function findArticleForEditor(
	db: Kysely<Database>,
	id: number
): Promise<ArticleRecord | null> {
	const row = await db.selectFrom('article').selectAll().where('id', '=', id).executeTakeFirst();
	if (!row) return null;
	const [references, conditions] = await Promise.all([
		db
			.selectFrom('article_reference')
			.select(['citation', 'url'])
			.where('article_id', '=', id)
			.orderBy('position')
			.execute(),
		db
			.selectFrom('article_condition')
			.select('condition_id')
			.where('article_id', '=', id)
			.orderBy('condition_id')
			.execute()
	]);
	return {
		id: row.id,
		title: row.title,
		slug: row.slug,
		description: row.description,
		bodyMarkdown: row.body_markdown,
		authorId: row.author_id,
		reviewerId: row.reviewer_id,
		lastReviewedOn: reviewedOn(row.last_reviewed_on),
		serviceId: row.service_id,
		conditionIds: conditions.map((condition) => condition.condition_id),
		references,
		status: statusOf(row.status),
		publishedOn: row.published_on
	};
}

/** The id of the article at an address, if any, to tell an editor the slug is taken. */
export async function findArticleIdBySlug(
	db: Kysely<Database>,
	slug: string
): Promise<number | null> {
	const row = await db
		.selectFrom('article')
		.select('id')
		.where('slug', '=', slug)
		.executeTakeFirst();
	return row?.id ?? null;
}

/** The practitioners (former ones too), services and conditions an article may name. */
export async function listArticleEditorChoices(
	db: Kysely<Database>
): Promise<ArticleEditorChoices> {
	const [practitioners, services, conditions] = await Promise.all([
		db
			.selectFrom('practitioner')
			.select(['id', 'name', 'active'])
			.orderBy('display_order')
			.orderBy('id')
			.execute(),
		db.selectFrom('service').select(['id', 'name']).orderBy('id').execute(),
		db
			.selectFrom('condition')
			.select(['id', 'name'])
			.orderBy('display_order')
			.orderBy('id')
			.execute()
	]);
	return {
		practitioners: practitioners.map((row) => ({ ...row, active: row.active === 1 })),
		services,
		conditions
	};
}

function articleColumns(draft: ArticleDraft) {
	return {
		slug: draft.slug,
		title: draft.title,
		description: draft.description,
		body_markdown: draft.bodyMarkdown,
		author_id: draft.authorId,
		reviewer_id: draft.reviewerId,
		service_id: draft.serviceId,
		last_reviewed_on: draft.lastReviewedOn ?? ''
	};
}

async function replaceReferencesAndConditions(
	db: Kysely<Database>,
	id: number,
	draft: ArticleDraft
): Promise<void> {
	await db.deleteFrom('article_reference').where('article_id', '=', id).execute();
	await db.deleteFrom('article_condition').where('article_id', '=', id).execute();
	if (draft.references.length > 0) {
		await db
			.insertInto('article_reference')
			.values(numberedReferenceRows(draft.references).map((row) => ({ ...row, article_id: id })))
			.execute();
	}
	if (draft.conditionIds.length > 0) {
		await db
			.insertInto('article_condition')
			.values(
				draft.conditionIds.map((conditionId) => ({ article_id: id, condition_id: conditionId }))
			)
			.execute();
	}
}

/** Stores a new article with its references and conditions; returns its id. */
export async function insertArticle(
	db: Kysely<Database>,
	draft: ArticleDraft,
	publication: { status: ArticleStatus; publishedOn: string | null }
): Promise<number> {
	const row = await db
		.insertInto('article')
		.values({ ...articleColumns(draft), ...publicationColumns(publication) })
		.returning('id')
		.executeTakeFirstOrThrow();
	await replaceReferencesAndConditions(db, row.id, draft);
	return row.id;
}

/** Replaces an article's text, bylines, references and conditions, and sets its status. */
export async function updateArticle(
	db: Kysely<Database>,
	id: number,
	draft: ArticleDraft,
	publication: { status: ArticleStatus; publishedOn: string | null }
): Promise<void> {
	await db
		.updateTable('article')
		.set({ ...articleColumns(draft), ...publicationColumns(publication) })
		.where('id', '=', id)
		.execute();
	await replaceReferencesAndConditions(db, id, draft);
}

/** Sets an article's status only (unpublishing keeps the text and the first publication date). */
export async function setArticleStatus(
	db: Kysely<Database>,
	id: number,
	status: ArticleStatus
): Promise<void> {
	await db.updateTable('article').set({ status }).where('id', '=', id).execute();
}
