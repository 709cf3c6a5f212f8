// The generally expected result beside each testimonial (issue 14, item 11), read as a visitor
// on a phone without JavaScript would: on the demo clinic, before any outcome summary is
// published, the back pain testimonial carries the Cochrane figure with its link and the neck
// and headache ones their own; once the owner publishes the clinic's summary, the back pain one
// carries the clinic's own figures instead, on /testimonials and on the condition's page, and
// the others keep their research figures. Every page passes axe (WCAG 2.2 AA).
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolationsInStaticPage } from '../support/axe';
import { launchBrowser, phone, type LaunchedBrowser } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';
import { staffSignIn } from '../support/staff-sign-in';

let server: RunningServer;
let browser: LaunchedBrowser;
let page: Page;

const mu2020 = 'https://doi.org/10.1002/14651858.CD013814';
const trinh2016 = 'https://doi.org/10.1002/14651858.CD004870.pub4';

/** Opens a public page, expects it to answer 200, and checks it with axe. */
async function visit(path: string, label: string): Promise<void> {
	const response = await page.goto(`${server.url}${path}`);
	expect(response?.status(), label).toBe(200);
	await expectNoAxeViolationsInStaticPage(page, label);
}

/** The testimonial whose words contain `words`. */
function card(words: string): Locator {
	return page.locator('figure.testimonial', { hasText: words });
}

/** The "What usually happens" paragraph of a testimonial, and its links' targets. */
async function expectedResult(words: string) {
	const paragraph = card(words).locator('p.expected');
	expect(await paragraph.count(), words).toBe(1);
	return {
		text: ((await paragraph.textContent()) ?? '').replace(/\s+/g, ' ').trim(),
		links: await paragraph
			.getByRole('link')
			.evaluateAll((links) => links.map((link) => link.getAttribute('href'))),
		kind: await paragraph.getAttribute('data-kind')
	};
}

const back = 'walking my dog again';
const neck = 'my neck was only a little better';
const headache = 'My headaches are less frequent';

beforeAll(async () => {
	server = await startServer();
	browser = await launchBrowser({ javaScriptEnabled: false, viewport: phone });
	page = await browser.context.newPage();
}, 90_000);

afterAll(async () => {
	await browser?.close();
	await server?.stop();
}, 60_000);

describe('the expected result beside each testimonial', () => {
	it('shows the cited research figure for each condition before any summary is published', async () => {
		await visit('/testimonials', '/testimonials (research figures)');
		const backPain = await expectedResult(back);
		expect(backPain.kind).toBe('evidence');
		expect(backPain.text).toMatch(/^What usually happens: In a Cochrane review/);
		expect(backPain.text).toMatch(/about 10 points lower on a 0 to 100 pain scale/);
		expect(backPain.links).toEqual([mu2020]);

		const neckPain = await expectedResult(neck);
		expect(neckPain.kind).toBe('evidence');
		expect(neckPain.links).toEqual([trinh2016]);

		const headaches = await expectedResult(headache);
		expect(headaches.text).toMatch(/48 in 100/);
		expect(headaches.links).toHaveLength(2);

		// Every testimonial on the page has one, not only some.
		const cards = await page.locator('figure.testimonial').count();
		expect(cards).toBeGreaterThan(0);
		expect(await page.locator('figure.testimonial p.expected').count()).toBe(cards);
	});

	it('shows it on the condition’s page too', async () => {
		await visit('/conditions/back-pain', '/conditions/back-pain (research figure)');
		const backPain = await expectedResult(back);
		expect(backPain.kind).toBe('evidence');
		expect(backPain.links).toEqual([mu2020]);
	});

	it('shows the clinic’s own figures for back pain once the owner publishes them', async () => {
		const owner = await staffSignIn(server.url)('owner');
		const published = await owner.request('/admin/outcomes?/publish', { confirm: 'yes' });
		expect(published.response.status).toBe(303);

		await visit('/testimonials', '/testimonials (clinic figures)');
		const backPain = await expectedResult(back);
		expect(backPain.kind).toBe('clinic');
		expect(backPain.text).toMatch(
			/^What usually happens: Of \d+ patients with long-standing low back pain whose pain we scored before and after a course of treatment at our clinic, \d+ \(\d+%\) had a meaningful fall in their pain score; the other \d+ were not meaningfully better\.( A further \d+ patients? started with little pain and (is|are) counted apart\.)? How we count, and what these figures cannot show$/
		);
		expect(backPain.links).toEqual(['/outcomes']);
		// The clinic's back pain figures are never borrowed for another condition.
		expect((await expectedResult(neck)).links).toEqual([trinh2016]);

		await visit('/conditions/back-pain', '/conditions/back-pain (clinic figures)');
		expect((await expectedResult(back)).kind).toBe('clinic');

		const withdrawn = await owner.request('/admin/outcomes?/unpublish', {});
		expect(withdrawn.response.status).toBe(303);
		await visit('/testimonials', '/testimonials (summary withdrawn)');
		expect((await expectedResult(back)).links).toEqual([mu2020]);
	});
});
