// One way to ask axe about a page: WCAG 2.0/2.1/2.2 A and AA rules, violations listed with the
// selectors they were found at, so a failure says where to look.
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { desktop } from './browser';

/** Fails the test with a readable list when axe finds any WCAG 2.2 AA violation. */
export async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
	const results = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
		.analyze();
	expect(
		results.violations.map(
			(violation) =>
				`${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`
		),
		label
	).toEqual([]);
}

/** One page with JavaScript on per browser, where copies of JavaScript-free pages are checked. */
const checkers = new WeakMap<Browser, Promise<Page>>();

function checkerFor(page: Page): Promise<Page> {
	const browser = page.context().browser();
	if (!browser) throw new Error('checking a page without JavaScript needs a shared browser');
	let checker = checkers.get(browser);
	if (!checker) {
		checker = browser.newContext({ javaScriptEnabled: true }).then((context) => {
			context.setDefaultTimeout(15_000);
			context.setDefaultNavigationTimeout(20_000);
			return context.newPage();
		});
		checkers.set(browser, checker);
	}
	return checker;
}

/**
 * `expectNoAxeViolations` for a page in a browser without JavaScript. axe runs as a script and
 * hangs where scripts are off, so the document is copied, as rendered and without its scripts
 * (which would run there), into a page with JavaScript on in the same browser, at the same
 * size and on the same origin (its stylesheets load from there), and checked in that one.
 */
export async function expectNoAxeViolationsInStaticPage(page: Page, label: string): Promise<void> {
	const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, '');
	const checker = await checkerFor(page);
	await checker.setViewportSize(page.viewportSize() ?? desktop);
	await checker.goto(`${new URL(page.url()).origin}/robots.txt`);
	await checker.setContent(html, { waitUntil: 'load' });
	await expectNoAxeViolations(checker, label);
}
