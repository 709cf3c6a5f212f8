// The owner writes an article in the workspace, in a real browser: script typed into the title,
// text and references is previewed, refused where it is an address, published, and shown to
// patients as text that never runs. Unpublishing takes it off the website, sitemap and feed.
// The editor pages pass axe (WCAG 2.2 AA) and the HTML validator.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../support/axe';
import { launchBrowser, type LaunchedBrowser } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';
import { staffSignIn } from '../support/staff-sign-in';
import { formatVnuMessage, validatePages } from '../support/vnu';

let server: RunningServer;
let browser: LaunchedBrowser;

beforeAll(async () => {
	server = await startServer();
	browser = await launchBrowser({ javaScriptEnabled: true });
}, 60_000);
afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

const slug = 'needles-and-safety';
const payload = '<script>window.__xss = 1</script>';
const article = {
	title: `Needles & ${payload} "safety"`,
	description: `How safe are acupuncture needles? Honest numbers <img src=x onerror="window.__xss=1">.`,
	body: [
		'Minor bruising happens to about 9% of patients [1].',
		'',
		'## What can go wrong',
		'',
		payload,
		'<img src=x onerror="window.__xss = 1"> <svg onload="window.__xss = 1">',
		'[a link](javascript:window.__xss=1) [another](JaVaScRiPt:window.__xss=1)',
		'[encoded](&#106;avascript:window.__xss=1) <javascript:window.__xss=1>',
		'![image](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
		'',
		'[Book a visit](/book)'
	].join('\n'),
	citation: `Bäumler P, et al. Acupuncture-related adverse events ${payload}. BMJ Open. 2021.`,
	url: 'https://doi.org/10.1136/bmjopen-2020-045961'
};

/** What a page holds that could run: handlers, scripts, and links that are not web addresses. */
async function executableMarkup(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const found: string[] = [];
		for (const element of document.querySelectorAll('*')) {
			for (const attribute of element.getAttributeNames()) {
				if (attribute.startsWith('on')) found.push(`${element.tagName} ${attribute}`);
			}
		}
		for (const script of document.querySelectorAll('script')) {
			const src = script.getAttribute('src');
			if (script.type !== 'application/ld+json' && src !== '/admin-idle.js') {
				found.push(`script ${src ?? script.textContent}`);
			}
		}
		for (const link of document.querySelectorAll<HTMLAnchorElement>('a[href]')) {
			if (!['http:', 'https:', 'mailto:', 'tel:'].includes(link.protocol)) {
				found.push(`link ${link.getAttribute('href')}`);
			}
		}
		for (const image of document.querySelectorAll('img')) {
			if (!image.src.startsWith(location.origin)) found.push(`image ${image.src}`);
		}
		return found;
	});
}

async function submit(page: Page, button: string) {
	await Promise.all([
		page.waitForNavigation({ waitUntil: 'load' }),
		page.getByRole('button', { name: button, exact: true }).click()
	]);
}

describe('the article editor', () => {
	it('writes, previews, publishes and unpublishes an article; nothing typed ever runs', async () => {
		const owner = await staffSignIn(server.url)('owner');
		const url = new URL(server.url);
		await browser.context.addCookies(
			[...owner.jar].map(([name, value]) => ({ name, value, domain: url.hostname, path: '/' }))
		);
		const page = await browser.context.newPage();
		const dialogs: string[] = [];
		page.on('dialog', (dialog) => {
			dialogs.push(dialog.message());
			void dialog.dismiss();
		});
		const html = new Map<string, string>();
		const ran = () => page.evaluate(() => (window as { __xss?: number }).__xss);

		const list = await page.goto(`${server.url}/admin/articles`);
		expect(list?.status()).toBe(200);
		expect(await page.locator('table.article-list tbody tr').count()).toBeGreaterThan(0);
		html.set('list', await page.content());
		await expectNoAxeViolations(page, 'article list');

		await Promise.all([
			page.waitForNavigation(),
			page.getByRole('link', { name: 'New article' }).click()
		]);
		expect(new URL(page.url()).pathname).toBe('/admin/articles/new');
		html.set('new', await page.content());
		await expectNoAxeViolations(page, 'new article');

		const reviewed = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
		await page.fill('#title', article.title);
		await page.fill('#slug', slug);
		await page.fill('#description', article.description);
		await page.fill('#body', article.body);
		await page.selectOption('#authorId', { label: 'Mei Lin Okafor' });
		await page.selectOption('#reviewerId', { label: 'Daniel Brandt' });
		await page.fill('#lastReviewedOn', reviewed);
		await page.getByLabel('Back pain', { exact: true }).check();
		await page.fill('#reference-1-citation', article.citation);
		await page.fill('#reference-1-url', 'javascript:window.__xss=1');

		// The preview renders what was sent, unsaved, beside the form, and says what is wrong.
		await submit(page, 'Preview');
		const preview = page.locator('.article-preview');
		expect(await preview.locator('h3').textContent()).toBe(article.title);
		expect(await preview.locator('h2#preview-what-can-go-wrong').count()).toBe(1);
		expect(await preview.locator('.prose').textContent()).toContain(payload);
		expect(await preview.locator('a[href="/book"]').count()).toBe(1);
		expect(await page.locator('#reference-1-url-error').textContent()).toMatch(/https:\/\//);
		expect(await page.inputValue('#title')).toBe(article.title);
		expect(await executableMarkup(page)).toEqual([]);
		html.set('preview', await page.content());
		await expectNoAxeViolations(page, 'preview');

		// A script address is refused, with the reason next to the field and in the summary.
		await submit(page, 'Publish');
		expect(await page.locator('[role="alert"] a[href="#reference-1-url"]').count()).toBe(1);
		expect(await page.getAttribute('#reference-1-url', 'aria-invalid')).toBe('true');
		html.set('refused', await page.content());
		await expectNoAxeViolations(page, 'refused publish');

		await page.fill('#reference-1-url', article.url);
		await submit(page, 'Publish');
		const edit = new URL(page.url());
		expect(edit.pathname).toMatch(/^\/admin\/articles\/\d+$/);
		expect(edit.searchParams.get('done')).toBe('published');
		expect(await page.locator('[role="status"]').textContent()).toContain(`/articles/${slug}`);
		html.set('edit', await page.content());
		await expectNoAxeViolations(page, 'edit published article');

		// Patients see the text as typed, and nothing of it runs.
		const published = await page.goto(`${server.url}/articles/${slug}`);
		expect(published?.status()).toBe(200);
		expect(await page.locator('h1').textContent()).toBe(article.title);
		expect(await page.locator('.prose').textContent()).toContain(payload);
		expect(await page.locator('.references li').first().textContent()).toContain(payload);
		expect(await page.locator(`.references a[href="${article.url}"]`).count()).toBe(1);
		expect(await executableMarkup(page)).toEqual([]);
		expect(await page.locator('a:text("a link")').count()).toBe(0);
		expect(await ran()).toBeUndefined();
		const sitemap = await (await fetch(`${server.url}/sitemap.xml`)).text();
		const feed = await (await fetch(`${server.url}/articles/feed.xml`)).text();
		expect(sitemap).toContain(`/articles/${slug}</loc>`);
		expect(feed).toContain(`/articles/${slug}"`);
		expect(feed).toContain('Needles &amp; &lt;script&gt;');

		// Unpublishing takes it off the website, the list, the sitemap and the feed.
		await page.goto(`${server.url}${edit.pathname}`);
		await submit(page, 'Unpublish');
		expect(new URL(page.url()).searchParams.get('done')).toBe('unpublished');
		expect(await page.getByRole('button', { name: 'Publish', exact: true }).count()).toBe(1);
		const gone = await page.goto(`${server.url}/articles/${slug}`);
		expect(gone?.status()).toBe(404);
		expect(await (await fetch(`${server.url}/articles`)).text()).not.toContain(slug);
		expect(await (await fetch(`${server.url}/sitemap.xml`)).text()).not.toContain(slug);
		expect(await (await fetch(`${server.url}/articles/feed.xml`)).text()).not.toContain(slug);

		expect(dialogs).toEqual([]);
		expect(await ran()).toBeUndefined();
		await page.close();

		const problems = await validatePages(html);
		for (const [name, messages] of problems) {
			expect(messages.map(formatVnuMessage), name).toEqual([]);
		}
	});
});
