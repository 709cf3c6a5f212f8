// Launches Debian's Chromium through playwright-core with a throwaway profile.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags that keep Chromium quiet and self-contained on a closed network. */
export const chromiumFlags = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];

export const phone = { width: 390, height: 844 };
export const desktop = { width: 1280, height: 800 };

export interface LaunchOptions {
	javaScriptEnabled?: boolean;
	viewport?: { width: number; height: number };
}

export interface LaunchedBrowser {
	context: BrowserContext;
	close(): Promise<void>;
}

export async function launchBrowser(options: LaunchOptions = {}): Promise<LaunchedBrowser> {
	const userDataDir = await mkdtemp(join(tmpdir(), 'clinic-e2e-chromium-'));
	let context: BrowserContext;
	try {
		context = await chromium.launchPersistentContext(userDataDir, {
			executablePath: chromiumPath,
			headless: true,
			args: chromiumFlags,
			javaScriptEnabled: options.javaScriptEnabled ?? true,
			viewport: options.viewport ?? desktop,
			timeout: 30_000
		});
	} catch (error) {
		await rm(userDataDir, { recursive: true, force: true });
		throw error;
	}
	context.setDefaultTimeout(15_000);
	context.setDefaultNavigationTimeout(20_000);
	let closed = false;
	return {
		context,
		async close() {
			if (closed) return;
			closed = true;
			try {
				await context.close();
			} finally {
				await rm(userDataDir, { recursive: true, force: true });
			}
		}
	};
}
