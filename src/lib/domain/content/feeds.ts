import type { ArticleSummary } from '../clinic/types';

/** Escapes text for XML element content and attribute values. */
export function escapeXml(text: string): string {
	return text
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&apos;');
}

const staticPaths = [
	'/',
	'/conditions',
	'/articles',
	'/services',
	'/practitioners',
	'/testimonials',
	'/contact',
	'/about',
	'/privacy',
	'/book',
	'/back-pain-check'
];

/**
 * The sitemap of every public page, with article review dates as `lastmod`, and the outcome
 * summary (dated when it was published) only while one is published.
 */
export function sitemapXml(
	origin: string,
	index: {
		conditions: string[];
		articles: ArticleSummary[];
		practitioners: string[];
		outcomeSummaryOn?: string | null;
	}
): string {
	const entries: { path: string; lastmod?: string }[] = [
		...staticPaths.map((path) => ({ path })),
		...index.conditions.map((slug) => ({ path: `/conditions/${slug}` })),
		...index.articles.map((article) => ({
			path: `/articles/${article.slug}`,
			lastmod: article.lastReviewedOn
		})),
		...index.practitioners.map((slug) => ({ path: `/practitioners/${slug}` })),
		...(index.outcomeSummaryOn
			? [{ path: '/outcomes', lastmod: index.outcomeSummaryOn }]
			: [])
	];
	const urls = entries
		.map(
			(entry) =>
				`<url><loc>${escapeXml(new URL(entry.path, origin).href)}</loc>${
					entry.lastmod ? `<lastmod>${entry.lastmod}</lastmod>` : ''
				}</url>`
		)
		.join('');
	return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls}</urlset>\n`;
}

/** An Atom 1.0 feed of articles; `updated` is each article's last review date. */
export function atomFeed(origin: string, clinicName: string, articles: ArticleSummary[]): string {
	const feedUrl = new URL('/articles/feed.xml', origin).href;
	const updated = articles.map((article) => article.lastReviewedOn).sort().at(-1) ?? '1970-01-01';
	const entries = articles
		.map((article) => {
			const link = new URL(`/articles/${article.slug}`, origin).href;
			return [
				'<entry>',
				`<title>${escapeXml(article.title)}</title>`,
				`<link href="${escapeXml(link)}"/>`,
				`<id>${escapeXml(link)}</id>`,
				`<published>${article.publishedOn ?? article.lastReviewedOn}T00:00:00Z</published>`,
				`<updated>${article.lastReviewedOn}T00:00:00Z</updated>`,
				`<author><name>${escapeXml(article.author.name)}</name></author>`,
				`<summary>${escapeXml(article.description)}</summary>`,
				'</entry>'
			].join('');
		})
		.join('\n');
	return [
		'<?xml version="1.0" encoding="utf-8"?>',
		'<feed xmlns="http://www.w3.org/2005/Atom">',
		`<title>${escapeXml(clinicName)}: articles</title>`,
		`<link rel="self" href="${escapeXml(feedUrl)}"/>`,
		`<link href="${escapeXml(new URL('/articles', origin).href)}"/>`,
		`<id>${escapeXml(feedUrl)}</id>`,
		`<updated>${updated}T00:00:00Z</updated>`,
		entries,
		'</feed>',
		''
	].join('\n');
}
