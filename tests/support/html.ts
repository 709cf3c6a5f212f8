// Reads facts out of server-rendered HTML with the browser's own parser (DOMParser in a blank
// page), so that tests check exactly what the server sent, without running any of its scripts.
import type { Page } from 'playwright-core';

export interface ScriptFact {
	src: string | null;
	type: string | null;
	text: string;
}

export interface PageFacts {
	lang: string | null;
	title: string;
	description: string | null;
	canonical: string | null;
	robots: string | null;
	/** `og:*` properties (and `twitter:*` names) with their content. */
	meta: Record<string, string>;
	scripts: ScriptFact[];
	modulePreloads: string[];
	/** Attributes such as onclick that would run script. */
	inlineHandlers: string[];
	/** Every URL the page refers to, as written: a, area, link, img, source, form, iframe. */
	references: { element: string; url: string }[];
	anchors: { href: string; text: string }[];
	ids: string[];
	firstLink: { href: string; text: string } | null;
	h1Count: number;
}

/** Parses `html` in `page` (any page; an about:blank page is fine). */
export async function pageFacts(page: Page, html: string): Promise<PageFacts> {
	return page.evaluate((source: string) => {
		const doc = new DOMParser().parseFromString(source, 'text/html');
		const attr = (selector: string, name: string) =>
			doc.querySelector(selector)?.getAttribute(name) ?? null;
		const meta: Record<string, string> = {};
		for (const element of doc.querySelectorAll('meta[property], meta[name^="twitter:"]')) {
			const key = element.getAttribute('property') ?? element.getAttribute('name') ?? '';
			meta[key] = element.getAttribute('content') ?? '';
		}
		const references: { element: string; url: string }[] = [];
		const add = (selector: string, name: string) => {
			for (const element of doc.querySelectorAll(selector)) {
				const value = element.getAttribute(name);
				if (value !== null) references.push({ element: element.localName, url: value });
			}
		};
		add('a[href]', 'href');
		add('area[href]', 'href');
		add('link[href]', 'href');
		add('img[src]', 'src');
		add('source[src]', 'src');
		add('iframe[src]', 'src');
		add('form[action]', 'action');
		for (const element of doc.querySelectorAll('img[srcset], source[srcset]')) {
			for (const candidate of (element.getAttribute('srcset') ?? '').split(',')) {
				const url = candidate.trim().split(/\s+/)[0];
				if (url) references.push({ element: element.localName, url });
			}
		}
		const inlineHandlers: string[] = [];
		for (const element of doc.querySelectorAll('*')) {
			for (const attribute of element.attributes) {
				if (/^on/i.test(attribute.name))
					inlineHandlers.push(`${element.localName}[${attribute.name}]`);
				if (/^\s*javascript:/i.test(attribute.value)) {
					inlineHandlers.push(`${element.localName}[${attribute.name}=javascript:]`);
				}
			}
		}
		const anchors = [...doc.querySelectorAll('a[href]')].map((a) => ({
			href: a.getAttribute('href') ?? '',
			text: (a.textContent ?? '').replace(/\s+/g, ' ').trim()
		}));
		const first = doc.querySelector('body a[href]');
		return {
			lang: doc.documentElement.getAttribute('lang'),
			title: doc.title,
			description: attr('meta[name="description"]', 'content'),
			canonical: attr('link[rel="canonical"]', 'href'),
			robots: attr('meta[name="robots"]', 'content'),
			meta,
			scripts: [...doc.querySelectorAll('script')].map((script) => ({
				src: script.getAttribute('src'),
				type: script.getAttribute('type'),
				text: script.textContent ?? ''
			})),
			modulePreloads: [...doc.querySelectorAll('link[rel~="modulepreload"]')].map(
				(link) => link.getAttribute('href') ?? ''
			),
			inlineHandlers,
			references,
			anchors,
			ids: [...doc.querySelectorAll('[id]')].map((element) => element.id),
			firstLink: first
				? {
						href: first.getAttribute('href') ?? '',
						text: (first.textContent ?? '').replace(/\s+/g, ' ').trim()
					}
				: null,
			h1Count: doc.querySelectorAll('h1').length
		};
	}, html);
}

/** Parses XML in the browser; returns the parser's error text, or null when well-formed. */
export async function xmlError(page: Page, xml: string): Promise<string | null> {
	return page.evaluate((source: string) => {
		const doc = new DOMParser().parseFromString(source, 'application/xml');
		const error = doc.querySelector('parsererror');
		return error ? (error.textContent ?? 'parse error') : null;
	}, xml);
}

/** Reads an Atom feed's structure in the browser. */
export async function atomSummary(
	page: Page,
	xml: string
): Promise<{
	root: string;
	namespace: string | null;
	feed: { id: string; title: string; updated: string; selfLink: string | null };
	entries: { id: string; title: string; updated: string; link: string | null }[];
}> {
	return page.evaluate((source: string) => {
		const doc = new DOMParser().parseFromString(source, 'application/xml');
		const root = doc.documentElement;
		const child = (parent: Element, name: string) =>
			[...parent.children].find((element) => element.localName === name);
		const text = (parent: Element, name: string) => child(parent, name)?.textContent?.trim() ?? '';
		const link = (parent: Element, rel: string) =>
			[...parent.children]
				.find(
					(element) =>
						element.localName === 'link' && (element.getAttribute('rel') ?? 'alternate') === rel
				)
				?.getAttribute('href') ?? null;
		return {
			root: root.localName,
			namespace: root.namespaceURI,
			feed: {
				id: text(root, 'id'),
				title: text(root, 'title'),
				updated: text(root, 'updated'),
				selfLink: link(root, 'self')
			},
			entries: [...root.children]
				.filter((element) => element.localName === 'entry')
				.map((entry) => ({
					id: text(entry, 'id'),
					title: text(entry, 'title'),
					updated: text(entry, 'updated'),
					link: link(entry, 'alternate')
				}))
		};
	}, xml);
}

/** All `@type`s in the JSON-LD blocks (following `@graph`), with the nodes that carry them. */
export function jsonLdNodes(scripts: ScriptFact[]): Record<string, unknown>[] {
	const nodes: Record<string, unknown>[] = [];
	const visit = (value: unknown) => {
		if (Array.isArray(value)) {
			for (const item of value) visit(item);
		} else if (value !== null && typeof value === 'object') {
			const node = value as Record<string, unknown>;
			if ('@type' in node) nodes.push(node);
			if ('@graph' in node) visit(node['@graph']);
		}
	};
	for (const script of scripts) {
		if (script.type === 'application/ld+json') visit(JSON.parse(script.text));
	}
	return nodes;
}

export function hasType(node: Record<string, unknown>, type: string): boolean {
	const value = node['@type'];
	return Array.isArray(value) ? value.includes(type) : value === type;
}
