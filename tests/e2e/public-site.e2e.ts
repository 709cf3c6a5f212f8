// The public website as a visitor and a crawler see it: the built app served by
// scripts/serve.js, checked over HTTP and in Chromium (with and without JavaScript).
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desktop, launchBrowser, phone, type LaunchedBrowser } from '../support/browser';
import {
	atomSummary,
	hasType,
	jsonLdNodes,
	pageFacts,
	xmlError,
	type PageFacts
} from '../support/html';
import { startServer, type RunningServer } from '../support/server';
import { formatVnuMessage, validatePages } from '../support/vnu';

interface FetchedPage {
	/** Path and query, e.g. `/book?service=initial-acupuncture`. */
	path: string;
	status: number;
	headers: Headers;
	html: string;
	facts: PageFacts;
}

const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
/** Pages the sitemap must list (others it lists are tested too). */
const requiredPaths = [
	'/',
	'/conditions',
	'/conditions/back-pain',
	'/conditions/neck-pain',
	'/conditions/headaches',
	'/conditions/ibs',
	'/conditions/allergies',
	'/articles',
	'/articles/can-acupuncture-help-back-pain',
	'/services',
	'/practitioners',
	'/practitioners/mei-lin-okafor',
	'/practitioners/daniel-brandt',
	'/practitioners/rosa-jimenez',
	'/testimonials',
	'/contact',
	'/about',
	'/privacy',
	'/book'
];
/** Reachable pages that the sitemap does not list on purpose. */
const extraPaths = ['/book?service=initial-acupuncture'];
/** Pages walked with the keyboard (a walk costs about a second). */
const keyboardPaths = [
	'/',
	'/articles/can-acupuncture-help-back-pain',
	'/services',
	'/conditions/back-pain',
	'/practitioners/mei-lin-okafor',
	'/book'
];
const maxTabPresses = 40;

let server: RunningServer;
let js: LaunchedBrowser;
let noJs: LaunchedBrowser;
/** A blank page (JavaScript off) used to parse HTML and XML with DOMParser. */
let parser: Page;
let sitemapXml = '';
let sitemapPaths: string[] = [];
let pages: FetchedPage[] = [];

function pageByPath(path: string): FetchedPage {
	const page = pages.find((candidate) => candidate.path === path);
	if (!page)
		throw new Error(`${path} was not fetched; the sitemap lists: ${sitemapPaths.join(' ')}`);
	return page;
}

async function fetchPage(path: string): Promise<FetchedPage> {
	const response = await fetch(server.url + path, { signal: AbortSignal.timeout(10_000) });
	const html = await response.text();
	return {
		path,
		status: response.status,
		headers: response.headers,
		html,
		facts: await pageFacts(parser, html)
	};
}

function report(title: string, problems: string[]): string {
	return problems.length === 0 ? '' : `${title} (${problems.length}):\n  ${problems.join('\n  ')}`;
}

beforeAll(async () => {
	server = await startServer();
	[js, noJs] = await Promise.all([
		launchBrowser({ viewport: phone }),
		launchBrowser({ javaScriptEnabled: false, viewport: phone })
	]);
	parser = await noJs.context.newPage();

	const response = await fetch(`${server.url}/sitemap.xml`);
	expect(response.status, '/sitemap.xml status').toBe(200);
	sitemapXml = await response.text();
	const locs = [...sitemapXml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1] ?? '');
	sitemapPaths = locs.map((loc) => {
		const url = new URL(loc.trim());
		return url.pathname + url.search;
	});
	const paths = [...new Set([...sitemapPaths, ...extraPaths])];
	pages = [];
	for (const path of paths) pages.push(await fetchPage(path));
}, 90_000);

afterAll(async () => {
	await js?.close();
	await noJs?.close();
	await server?.stop();
}, 60_000);

describe('sitemap-driven page checks', () => {
	it('the sitemap lists every public page, all on the server origin', () => {
		const locs = [...sitemapXml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1] ?? '');
		for (const loc of locs) expect(loc.startsWith(`${server.url}/`), loc).toBe(true);
		expect(sitemapPaths.length, 'sitemap entries').toBeGreaterThanOrEqual(requiredPaths.length);
		expect(new Set(sitemapPaths).size, 'duplicate sitemap entries').toBe(sitemapPaths.length);
		const missing = requiredPaths.filter((path) => !sitemapPaths.includes(path));
		expect(missing, 'pages missing from the sitemap').toEqual([]);
		const articles = sitemapPaths.filter((path) => /^\/articles\/[^/]+$/.test(path));
		expect(articles.length, 'articles in the sitemap').toBeGreaterThanOrEqual(4);
	});

	it('every page answers 200 as HTML and ships no JavaScript', () => {
		const problems: string[] = [];
		for (const page of pages) {
			const { facts } = page;
			if (page.status !== 200) problems.push(`${page.path}: status ${page.status}`);
			if (!(page.headers.get('content-type') ?? '').startsWith('text/html')) {
				problems.push(`${page.path}: content-type ${page.headers.get('content-type')}`);
			}
			if (facts.lang !== 'en') problems.push(`${page.path}: <html lang="${facts.lang}">`);
			if (facts.h1Count !== 1) problems.push(`${page.path}: ${facts.h1Count} <h1> elements`);
			for (const script of facts.scripts) {
				if (script.src !== null) problems.push(`${page.path}: <script src="${script.src}">`);
				else if (script.type !== 'application/ld+json') {
					problems.push(
						`${page.path}: inline script type=${script.type ?? '(none)'}: ${script.text.slice(0, 80)}`
					);
				}
			}
			for (const href of facts.modulePreloads) {
				problems.push(`${page.path}: <link rel="modulepreload" href="${href}">`);
			}
			for (const handler of facts.inlineHandlers) problems.push(`${page.path}: ${handler}`);
			const linkHeader = page.headers.get('link') ?? '';
			if (/modulepreload/.test(linkHeader)) problems.push(`${page.path}: Link: ${linkHeader}`);
		}
		expect(problems, report('pages that fail or ship JavaScript', problems)).toEqual([]);
	});

	it('every page (and the 404 page) is valid HTML according to vnu', async () => {
		const notFound = await fetch(`${server.url}/no-such-page`);
		const documents = new Map(pages.map((page) => [page.path, page.html]));
		documents.set('/no-such-page (404)', await notFound.text());
		const results = await validatePages(documents);
		const problems: string[] = [];
		for (const [path, messages] of results) {
			for (const message of messages) problems.push(`${path}: ${formatVnuMessage(message)}`);
		}
		console.log(`vnu: ${problems.length} errors in ${results.size} documents`);
		expect(problems, report('vnu errors', problems)).toEqual([]);
	});

	for (const [name, viewport] of [
		['phone', phone],
		['desktop', desktop]
	] as const) {
		it(`axe finds no WCAG 2.2 AA violations at ${name} size (${viewport.width}x${viewport.height})`, async () => {
			const page = await js.context.newPage();
			await page.setViewportSize(viewport);
			const problems: string[] = [];
			try {
				for (const { path } of pages) {
					await page.goto(server.url + path, { waitUntil: 'load' });
					const results = await new AxeBuilder({ page }).withTags(axeTags).analyze();
					for (const violation of results.violations) {
						const nodes = violation.nodes
							.map((node) => {
								const summary = (node.failureSummary ?? '').replace(/\s+/g, ' ').trim();
								return `\n      ${node.target.join(' ')} :: ${summary}`;
							})
							.join('');
						problems.push(
							`${path}: [${violation.id}] (${violation.impact ?? '?'}) ${violation.help}${nodes}`
						);
					}
				}
			} finally {
				await page.close();
			}
			console.log(`axe (${name}): ${problems.length} violations in ${pages.length} pages`);
			expect(problems, report(`axe violations at ${name} size`, problems)).toEqual([]);
		});
	}
});

interface FocusInfo {
	description: string;
	href: string | null;
	visible: boolean;
	outlined: boolean;
	obscuredBy: string | null;
}

/** Describes the focused element after a Tab press. */
function focusInfo(page: Page): Promise<FocusInfo | null> {
	return page.evaluate(() => {
		const element = document.activeElement;
		if (!(element instanceof HTMLElement) || element === document.body) return null;
		const describe = (node: Element) => {
			const classes = [...node.classList].map((name) => `.${name}`).join('');
			const text = (node.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40);
			return `${node.localName}${node.id ? `#${node.id}` : ''}${classes} "${text}"`;
		};
		const rect = element.getBoundingClientRect();
		const style = getComputedStyle(element);
		const visible =
			rect.width > 0 &&
			rect.height > 0 &&
			style.visibility !== 'hidden' &&
			rect.bottom > 0 &&
			rect.right > 0 &&
			rect.top < innerHeight &&
			rect.left < innerWidth;
		const outlined =
			(style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) ||
			(style.boxShadow !== 'none' && style.boxShadow !== '');
		const x = Math.min(Math.max(rect.left + rect.width / 2, 0), innerWidth - 1);
		const y = Math.min(Math.max(rect.top + rect.height / 2, 0), innerHeight - 1);
		const hit = document.elementFromPoint(x, y);
		const obscuredBy =
			hit === null || hit === element || element.contains(hit) || hit.contains(element)
				? null
				: describe(hit);
		return {
			description: describe(element),
			href: element.getAttribute('href'),
			visible,
			outlined,
			obscuredBy
		};
	});
}

describe('keyboard', () => {
	for (const [name, viewport] of [
		['phone', phone],
		['desktop', desktop]
	] as const) {
		it(`Tab reaches Book and Call with a visible focus indicator at ${name} size`, async () => {
			const page = await js.context.newPage();
			await page.setViewportSize(viewport);
			const problems: string[] = [];
			const counts: string[] = [];
			try {
				for (const path of keyboardPaths) {
					await page.goto(server.url + path, { waitUntil: 'load' });
					let book: string | null = null;
					let call: string | null = null;
					for (let press = 1; press <= maxTabPresses && (book === null || call === null); press++) {
						await page.keyboard.press('Tab');
						const focus = await focusInfo(page);
						if (focus === null) continue;
						const where = `${path} Tab #${press} ${focus.description}`;
						if (!focus.visible) problems.push(`${where}: focused element is not visible`);
						if (!focus.outlined) problems.push(`${where}: no outline or box-shadow when focused`);
						if (focus.obscuredBy) problems.push(`${where}: hidden under ${focus.obscuredBy}`);
						const href = focus.href ?? '';
						if (focus.visible && book === null && /^\/book(\?|$)/.test(href)) {
							book = `${press} (${focus.description})`;
						}
						if (focus.visible && call === null && href.startsWith('tel:')) {
							call = `${press} (${focus.description})`;
						}
					}
					counts.push(`${path}: Book at Tab ${book ?? '-'}, Call at Tab ${call ?? '-'}`);
					if (book === null)
						problems.push(`${path}: no visible /book link in ${maxTabPresses} Tabs`);
					if (call === null)
						problems.push(`${path}: no visible tel: link in ${maxTabPresses} Tabs`);
				}
			} finally {
				await page.close();
			}
			console.log(`keyboard (${name}):\n  ${counts.join('\n  ')}`);
			expect(problems, report(`keyboard problems at ${name} size`, problems)).toEqual([]);
		});
	}

	it('the first link on every page is a skip link to #main that works', async () => {
		const problems: string[] = [];
		for (const page of pages) {
			const first = page.facts.firstLink;
			if (first?.href !== '#main') {
				problems.push(`${page.path}: first link is ${JSON.stringify(first)}, not a skip link`);
			}
			if (!page.facts.ids.includes('main')) problems.push(`${page.path}: no element with id main`);
		}
		const page = await js.context.newPage();
		try {
			for (const viewport of [phone, desktop]) {
				await page.setViewportSize(viewport);
				for (const path of ['/', '/articles/can-acupuncture-help-back-pain']) {
					const where = `${path} at ${viewport.width}px`;
					await page.goto(server.url + path, { waitUntil: 'load' });
					await page.keyboard.press('Tab');
					const focus = await focusInfo(page);
					if (focus?.href !== '#main') {
						problems.push(`${where}: first Tab focuses ${focus?.description ?? 'nothing'}`);
						continue;
					}
					if (!focus.visible) problems.push(`${where}: the focused skip link is not visible`);
					if (!focus.outlined) problems.push(`${where}: the focused skip link has no outline`);
					await page.keyboard.press('Enter');
					const after = await page.evaluate(() => ({
						hash: location.hash,
						inMain: document.getElementById('main')?.contains(document.activeElement) ?? false
					}));
					if (after.hash !== '#main')
						problems.push(`${where}: Enter left the hash "${after.hash}"`);
					if (!after.inMain) problems.push(`${where}: Enter did not move focus into #main`);
					await page.keyboard.press('Tab');
					const next = await page.evaluate(
						() =>
							document.getElementById('main')?.contains(document.activeElement) ||
							(document.activeElement?.closest('.action-bar, footer') ?? null) !== null
					);
					if (!next) problems.push(`${where}: Tab after the skip link went back into the header`);
				}
			}
		} finally {
			await page.close();
		}
		expect(problems, report('skip link problems', problems)).toEqual([]);
	});
});

describe('phone without JavaScript', () => {
	it('every page loads with JavaScript off and keeps Book and Call in reach', async () => {
		const page = await noJs.context.newPage();
		const problems: string[] = [];
		try {
			for (const { path } of pages) {
				await page.setViewportSize(phone);
				const response = await page.goto(server.url + path, { waitUntil: 'load' });
				if (response?.status() !== 200) problems.push(`${path}: status ${response?.status()}`);
				const bar = page.locator('nav.action-bar');
				if ((await bar.count()) !== 1) {
					problems.push(`${path}: ${await bar.count()} nav.action-bar elements`);
					continue;
				}
				const barState = await bar.evaluate((element) => {
					const rect = element.getBoundingClientRect();
					return {
						position: getComputedStyle(element).position,
						bottomGap: Math.round(innerHeight - rect.bottom)
					};
				});
				if (barState.position !== 'fixed' || barState.bottomGap !== 0) {
					problems.push(
						`${path}: action bar is not fixed to the bottom (${JSON.stringify(barState)})`
					);
				}
				if (!(await bar.locator('a[href^="/book"]').first().isVisible())) {
					problems.push(`${path}: phone: no visible Book link in the action bar`);
				}
				if (!(await bar.locator('a[href^="tel:"]').first().isVisible())) {
					problems.push(`${path}: phone: no visible Call link in the action bar`);
				}
				await page.setViewportSize(desktop);
				if (await bar.isVisible()) problems.push(`${path}: desktop: the action bar still shows`);
				const header = page.locator('header');
				if (!(await header.locator('a[href^="/book"]').first().isVisible())) {
					problems.push(`${path}: desktop: no visible Book link in the header`);
				}
				if (!(await header.locator('a[href^="tel:"]').first().isVisible())) {
					problems.push(`${path}: desktop: no visible Call link in the header`);
				}
			}
		} finally {
			await page.close();
		}
		expect(problems, report('pages without Book/Call in reach', problems)).toEqual([]);
	});

	it('no page scrolls sideways at 320 px', async () => {
		const page = await noJs.context.newPage();
		await page.setViewportSize({ width: 320, height: 640 });
		const problems: string[] = [];
		try {
			for (const { path } of pages) {
				await page.goto(server.url + path, { waitUntil: 'load' });
				const overflow = await page.evaluate(() => {
					const root = document.documentElement;
					if (root.scrollWidth <= root.clientWidth) return null;
					// Name the text that sticks out, with the element that holds it.
					const wide: string[] = [];
					const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
					const range = document.createRange();
					for (let node = walker.nextNode(); node && wide.length < 5; node = walker.nextNode()) {
						range.selectNodeContents(node);
						const right = range.getBoundingClientRect().right;
						if (right <= root.clientWidth + 0.5) continue;
						const parent = node.parentElement;
						const name = parent
							? `${parent.localName}${[...parent.classList].map((c) => `.${c}`).join('')}`
							: '?';
						const text = (node.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 60);
						wide.push(`${name} "${text}" (right edge ${Math.round(right)} px)`);
					}
					return `scrollWidth ${root.scrollWidth} > ${root.clientWidth}; sticking out: ${wide.join('; ') || '(no text: a box)'}`;
				});
				if (overflow) problems.push(`${path}: ${overflow}`);
			}
		} finally {
			await page.close();
		}
		expect(problems, report('pages wider than 320 px', problems)).toEqual([]);
	});
});

describe('links', () => {
	it('every internal link, stylesheet and image resolves, fragments included (crawl)', async () => {
		const origin = server.url;
		const idsByPage = new Map<string, string[]>();
		const statusByUrl = new Map<string, number>();
		const queue: string[] = [];
		const referrers = new Map<string, string>();
		for (const page of pages) {
			idsByPage.set(page.path, page.facts.ids);
			statusByUrl.set(origin + page.path, page.status);
		}
		const problems: string[] = [];
		const external = new Set<string>();
		const bookingShapes = new Set<string>();
		const enqueueFrom = (fromPath: string, facts: PageFacts) => {
			for (const reference of facts.references) {
				let url: URL;
				try {
					url = new URL(reference.url, origin + fromPath);
				} catch {
					problems.push(`${fromPath}: unparseable URL "${reference.url}"`);
					continue;
				}
				if (url.protocol === 'tel:' || url.protocol === 'mailto:') continue;
				if (url.origin !== origin) {
					// External sites cannot be reached from here; links to them must be https, and
					// nothing may point at another local origin or load from elsewhere.
					external.add(url.href);
					if (/^(localhost|127\.|\[::1\]|0\.0\.0\.0)/.test(url.hostname)) {
						problems.push(`${fromPath}: link to another local origin ${url.href}`);
					} else if (url.protocol !== 'https:') {
						problems.push(`${fromPath}: external link is not https: ${url.href}`);
					} else if (reference.element !== 'a') {
						problems.push(`${fromPath}: <${reference.element}> loads ${url.href} from elsewhere`);
					}
					continue;
				}
				const target = url.pathname + url.search;
				// The booking flow links every open day and time; fetch one link of each kind
				// (the same query keys) there, so the crawl stays bounded. The booking tests walk
				// the flow itself.
				if (url.pathname === '/book' && url.search) {
					const shape = `/book?${[...url.searchParams.keys()].sort().join('&')}`;
					if (bookingShapes.has(shape)) continue;
					bookingShapes.add(shape);
				}
				if (url.hash) {
					const key = `${target}${url.hash}`;
					if (!referrers.has(key)) referrers.set(key, fromPath);
				}
				if (!statusByUrl.has(origin + target) && !queue.includes(target)) {
					queue.push(target);
					referrers.set(target, fromPath);
				}
			}
		};
		for (const page of pages) enqueueFrom(page.path, page.facts);
		let fetched = 0;
		while (queue.length > 0 && fetched < 300) {
			const target = queue.shift() ?? '';
			fetched++;
			const response = await fetch(origin + target, { signal: AbortSignal.timeout(10_000) });
			statusByUrl.set(origin + target, response.status);
			if (response.status !== 200) {
				problems.push(`${referrers.get(target)} links to ${target}: status ${response.status}`);
				await response.body?.cancel();
				continue;
			}
			if ((response.headers.get('content-type') ?? '').startsWith('text/html')) {
				const facts = await pageFacts(parser, await response.text());
				idsByPage.set(target, facts.ids);
				enqueueFrom(target, facts);
			} else {
				await response.body?.cancel();
			}
		}
		expect(queue, 'crawl stopped early').toEqual([]);
		for (const [key, fromPath] of referrers) {
			const hash = key.indexOf('#');
			if (hash < 0) continue;
			const target = key.slice(0, hash);
			const id = decodeURIComponent(key.slice(hash + 1));
			const ids = idsByPage.get(target);
			if (ids && !ids.includes(id)) problems.push(`${fromPath} links to ${key}: no such id`);
		}
		console.log(
			`links: ${statusByUrl.size} local URLs fetched, ${external.size} external not followed`
		);
		expect(problems, report('dead links', problems)).toEqual([]);
	});

	it('an unknown page answers a friendly 404 with links home and to booking', async () => {
		const response = await fetch(`${server.url}/this-page-does-not-exist`);
		expect(response.status).toBe(404);
		expect(response.headers.get('content-type') ?? '').toMatch(/^text\/html/);
		const facts = await pageFacts(parser, await response.text());
		const hrefs = facts.anchors.map((anchor) => anchor.href);
		expect(hrefs).toContain('/');
		expect(hrefs.some((href) => /^\/book(\?|$)/.test(href))).toBe(true);
		expect(facts.h1Count).toBe(1);
		expect(facts.title.length).toBeGreaterThan(0);
		expect(facts.scripts.filter((script) => script.type !== 'application/ld+json')).toEqual([]);
		const page = await noJs.context.newPage();
		try {
			await page.goto(`${server.url}/this-page-does-not-exist`);
			const heading = (await page.locator('h1').innerText()).trim();
			expect(heading, 'the 404 heading speaks to people').not.toMatch(/^(404|not found)$/i);
			expect(await page.locator('main a[href="/"]').isVisible()).toBe(true);
		} finally {
			await page.close();
		}
	});
});

describe('SEO', () => {
	it('every page has a unique title and description', () => {
		const problems: string[] = [];
		const sitemapPages = pages.filter((page) => sitemapPaths.includes(page.path));
		const seen = (key: 'title' | 'description') => {
			const byValue = new Map<string, string[]>();
			for (const page of sitemapPages) {
				const value = (page.facts[key] ?? '').trim();
				if (value === '') {
					problems.push(`${page.path}: no ${key}`);
					continue;
				}
				byValue.set(value, [...(byValue.get(value) ?? []), page.path]);
			}
			for (const [value, paths] of byValue) {
				if (paths.length > 1) problems.push(`${key} "${value}" is shared by ${paths.join(', ')}`);
			}
		};
		seen('title');
		seen('description');
		for (const page of sitemapPages) {
			const description = page.facts.description ?? '';
			if (description.length > 0 && (description.length < 50 || description.length > 200)) {
				problems.push(`${page.path}: description is ${description.length} characters`);
			}
		}
		expect(problems, report('title and description problems', problems)).toEqual([]);
	});

	it('every page has a canonical URL and Open Graph tags', () => {
		const problems: string[] = [];
		for (const page of pages) {
			const { facts } = page;
			const expected = server.url + new URL(page.path, server.url).pathname;
			if (facts.canonical !== expected) {
				problems.push(`${page.path}: canonical ${facts.canonical}, expected ${expected}`);
			}
			for (const property of ['og:title', 'og:description', 'og:url', 'og:type', 'og:site_name']) {
				if (!facts.meta[property]) problems.push(`${page.path}: no ${property}`);
			}
			if (facts.meta['og:url'] && facts.meta['og:url'] !== facts.canonical) {
				problems.push(`${page.path}: og:url ${facts.meta['og:url']} differs from the canonical`);
			}
			if (facts.robots && /noindex/i.test(facts.robots)) {
				problems.push(`${page.path}: robots "${facts.robots}"`);
			}
		}
		expect(problems, report('canonical and Open Graph problems', problems)).toEqual([]);
	});

	it('JSON-LD describes the clinic, the practitioners and the articles', () => {
		const problems: string[] = [];
		const nodesOf = (path: string) => {
			try {
				return jsonLdNodes(pageByPath(path).facts.scripts);
			} catch (error) {
				problems.push(`${path}: invalid JSON-LD: ${(error as Error).message}`);
				return [];
			}
		};
		for (const page of pages) nodesOf(page.path);

		const clinic = nodesOf('/').find((node) => hasType(node, 'MedicalClinic'));
		if (!clinic) problems.push('/: no MedicalClinic');
		else {
			for (const key of ['name', 'url', 'telephone', 'address']) {
				if (!clinic[key]) problems.push(`/: MedicalClinic has no ${key}`);
			}
		}

		const practitioners = sitemapPaths.filter((path) => /^\/practitioners\/[^/]+$/.test(path));
		expect(practitioners.length).toBeGreaterThan(0);
		for (const path of practitioners) {
			const person = nodesOf(path).find((node) => hasType(node, 'Person'));
			if (!person) problems.push(`${path}: no Person`);
			else if (!person['name']) problems.push(`${path}: Person has no name`);
		}

		const articles = sitemapPaths.filter((path) => /^\/articles\/[^/]+$/.test(path));
		expect(articles.length).toBeGreaterThan(0);
		for (const path of articles) {
			const webPage = nodesOf(path).find((node) => hasType(node, 'MedicalWebPage'));
			if (!webPage) {
				problems.push(`${path}: no MedicalWebPage`);
				continue;
			}
			const reviewed = webPage['lastReviewed'];
			if (typeof reviewed !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(reviewed)) {
				problems.push(`${path}: lastReviewed is ${JSON.stringify(reviewed)}`);
			}
			if (!webPage['reviewedBy']) problems.push(`${path}: no reviewedBy`);
			const citation = webPage['citation'];
			if (!citation || (Array.isArray(citation) && citation.length === 0)) {
				problems.push(`${path}: no citation`);
			}
		}
		expect(problems, report('JSON-LD problems', problems)).toEqual([]);
	});

	it('sitemap.xml, robots.txt and the Atom feed parse and have the right types', async () => {
		const sitemap = await fetch(`${server.url}/sitemap.xml`);
		expect(sitemap.headers.get('content-type') ?? '').toMatch(/^(application|text)\/xml\b/);
		const sitemapText = await sitemap.text();
		expect(await xmlError(parser, sitemapText)).toBeNull();
		expect(sitemapText).toContain('http://www.sitemaps.org/schemas/sitemap/0.9');

		const robots = await fetch(`${server.url}/robots.txt`);
		expect(robots.status).toBe(200);
		expect(robots.headers.get('content-type') ?? '').toMatch(/^text\/plain\b/);
		const robotsText = await robots.text();
		expect(robotsText).toMatch(/^User-agent: \*$/im);
		expect(robotsText).toContain(`Sitemap: ${server.url}/sitemap.xml`);
		expect(robotsText, 'robots.txt must not block the whole site').not.toMatch(
			/^Disallow:\s*\/\s*$/im
		);

		const feed = await fetch(`${server.url}/articles/feed.xml`);
		expect(feed.status).toBe(200);
		expect(feed.headers.get('content-type') ?? '').toMatch(/^application\/atom\+xml\b/);
		const feedText = await feed.text();
		expect(await xmlError(parser, feedText)).toBeNull();
		const atom = await atomSummary(parser, feedText);
		expect(atom.root).toBe('feed');
		expect(atom.namespace).toBe('http://www.w3.org/2005/Atom');
		expect(atom.feed.id).not.toBe('');
		expect(atom.feed.title).not.toBe('');
		expect(Number.isNaN(Date.parse(atom.feed.updated)), atom.feed.updated).toBe(false);
		const articles = sitemapPaths.filter((path) => /^\/articles\/[^/]+$/.test(path));
		expect(atom.entries.length).toBe(articles.length);
		for (const entry of atom.entries) {
			expect(entry.id, JSON.stringify(entry)).not.toBe('');
			expect(entry.title, JSON.stringify(entry)).not.toBe('');
			expect(Number.isNaN(Date.parse(entry.updated)), JSON.stringify(entry)).toBe(false);
			expect(articles.map((path) => server.url + path)).toContain(entry.link);
		}
	});
});

describe('security headers', () => {
	const required = [
		'content-security-policy',
		'x-content-type-options',
		'referrer-policy',
		'permissions-policy',
		'cross-origin-resource-policy'
	];

	it('every kind of response carries them, and the CSP forbids inline script and framing', async () => {
		const css = pageByPath('/').facts.references.find(
			(reference) => reference.element === 'link' && reference.url.endsWith('.css')
		);
		const targets = [
			'/',
			'/articles/can-acupuncture-help-back-pain',
			'/favicon.svg',
			'/sitemap.xml',
			'/robots.txt',
			'/articles/feed.xml',
			'/healthz',
			'/no-such-page'
		];
		if (css) targets.push(new URL(css.url, `${server.url}/`).pathname);
		const problems: string[] = [];
		for (const target of targets) {
			const response = await fetch(server.url + target);
			await response.body?.cancel();
			for (const name of required) {
				if (!response.headers.get(name)) problems.push(`${target}: no ${name}`);
			}
			const nosniff = response.headers.get('x-content-type-options');
			if (nosniff && nosniff !== 'nosniff')
				problems.push(`${target}: x-content-type-options ${nosniff}`);
			const csp = response.headers.get('content-security-policy') ?? '';
			if (/'unsafe-inline'|'unsafe-eval'/.test(csp)) problems.push(`${target}: CSP allows ${csp}`);
			if (!/(^|;)\s*frame-ancestors 'none'\s*(;|$)/.test(csp)) {
				problems.push(`${target}: CSP lacks frame-ancestors 'none': ${csp}`);
			}
			if (response.headers.get('server') || response.headers.get('x-powered-by')) {
				problems.push(`${target}: announces its server software`);
			}
		}
		expect(css, 'the home page links a stylesheet').toBeDefined();
		expect(problems, report('security header problems', problems)).toEqual([]);
	});
});
