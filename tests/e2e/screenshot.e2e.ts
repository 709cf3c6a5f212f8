// Takes the README's phone screenshot of the home page. Every run writes
// test-results/screenshot-home.png; with UPDATE_SCREENSHOTS=1 it also replaces
// docs/screenshot-home.png (skipped with a warning where docs/ cannot be written).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, phone, type LaunchedBrowser } from '../support/browser';
import { projectRoot, startServer, type RunningServer } from '../support/server';

let server: RunningServer;
let browser: LaunchedBrowser;

beforeAll(async () => {
	[server, browser] = await Promise.all([
		startServer(),
		launchBrowser({ javaScriptEnabled: false, viewport: phone })
	]);
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

it('takes a phone screenshot of the home page', async () => {
	const page = await browser.context.newPage();
	const response = await page.goto(`${server.url}/`, { waitUntil: 'networkidle' });
	expect(response?.status()).toBe(200);
	const png = await page.screenshot({ fullPage: false, type: 'png' });
	await page.close();
	expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');

	const results = join(projectRoot, 'test-results');
	await mkdir(results, { recursive: true });
	await writeFile(join(results, 'screenshot-home.png'), png);
	if (process.env.UPDATE_SCREENSHOTS === '1') {
		const target = join(projectRoot, 'docs', 'screenshot-home.png');
		try {
			await mkdir(join(projectRoot, 'docs'), { recursive: true });
			await writeFile(target, png);
			console.log(`wrote ${target}`);
		} catch (error) {
			console.warn(`could not write ${target}: ${(error as Error).message}`);
		}
	}
});
