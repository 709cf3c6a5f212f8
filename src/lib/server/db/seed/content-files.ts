import {
	articleFrontMatter,
	conditionFrontMatter,
	pageFrontMatter,
	parseContent
} from '$lib/domain/content/front-matter';

/*
 * The demo clinic's written content lives as Markdown under /content so that it can be
 * reviewed like prose. Vite bundles the files into the server build, so a running server
 * never depends on the working directory.
 */
const articles = import.meta.glob('/content/articles/*.md', {
	query: '?raw',
	import: 'default',
	eager: true
}) as Record<string, string>;
const conditions = import.meta.glob('/content/conditions/*.md', {
	query: '?raw',
	import: 'default',
	eager: true
}) as Record<string, string>;
const pages = import.meta.glob('/content/pages/*.md', {
	query: '?raw',
	import: 'default',
	eager: true
}) as Record<string, string>;

const fileName = (path: string) => path.split('/').at(-1) ?? path;
const slugOf = (path: string) => fileName(path).replace(/\.md$/, '');

/** The demo articles, parsed and checked against their front-matter schema. */
export function demoArticles() {
	return Object.entries(articles).map(([path, source]) =>
		parseContent(fileName(path), source, articleFrontMatter)
	);
}

/** The demo conditions, in display order. */
export function demoConditions() {
	return Object.entries(conditions)
		.map(([path, source]) => parseContent(fileName(path), source, conditionFrontMatter))
		.sort((a, b) => a.meta.order - b.meta.order);
}

/** The demo site pages (about, privacy), keyed by slug. */
export function demoPages() {
	return Object.entries(pages).map(([path, source]) => ({
		slug: slugOf(path),
		...parseContent(fileName(path), source, pageFrontMatter)
	}));
}
