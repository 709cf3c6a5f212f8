import type { Kysely } from 'kysely';
import type { Article, ArticleSummary, Byline } from '$lib/domain/clinic/types';
import type { Database } from '../schema';

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
