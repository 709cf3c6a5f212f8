// Performance budgets: the article page transfers at most 30 KB compressed (images excluded),
// and Lighthouse (mobile defaults) scores 100 in all four categories on the key pages: best of
// two runs, with runs that the shared machine starved or slowed measured again (ADR 0028). Prints
// a table and writes it to test-results/budgets.json; fails when a budget is broken.
import { launch as launchChrome, type LaunchedChrome } from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumFlags, chromiumPath, launchBrowser, phone } from '../support/browser';
import {
	calibratedCpuSlowdown,
	defaultCpuSlowdown,
	isConclusive,
	mainThreadCpuShare,
	type MainThreadCpuShare,
	type TraceEvent
} from '../support/lighthouse-conditions';
import { projectRoot, startServer, type RunningServer } from '../support/server';

const articlePath = '/articles/can-acupuncture-help-back-pain';
const lighthousePaths = ['/', articlePath, '/services', '/testimonials'];
const byteBudget = 30 * 1024;
const categories = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
type Category = (typeof categories)[number];

interface ByteRow {
	path: string;
	/** What Chromium received for everything but images: bodies as sent plus headers. */
	browserTransfer: number;
	/** Sum of Brotli (else gzip) bodies when asked with `Accept-Encoding: br, gzip`. */
	brotliBodies: number;
	/** The same bodies uncompressed. */
	uncompressed: number;
	resources: {
		url: string;
		type: string;
		transfer: number;
		brotli: number;
		plain: number;
		encoding: string;
	}[];
}

interface FailingAudit {
	category: Category;
	id: string;
	title: string;
	score: number;
	displayValue?: string;
	details: string[];
}

interface ScoreRow {
	path: string;
	scores: Partial<Record<Category, number>>;
	/** Total blocking time of the kept run, ms (the audit that moves with the machine's load). */
	totalBlockingTime: number;
	/** Lighthouse's measure of this host's speed in the kept run (docs/throttling.md). */
	benchmarkIndex: number;
	/** The CPU slowdown the kept run simulated: 4 unless calibrated (ADR 0028). */
	cpuSlowdown: number;
	/** Thread time ÷ wall time of the page's long main-thread tasks; low when starved. */
	cpuShare: MainThreadCpuShare | null;
	/** Whether a run's performance score was the page's own, not the machine's (ADR 0028). */
	conclusive: boolean;
	/** Every run of this page, for the report: performance, TBT and the conditions. */
	attempts: string[];
	failing: FailingAudit[];
	runWarnings: string[];
}

/** "overall / least task", as the report prints a main-thread CPU share. */
function formatShare(share: MainThreadCpuShare | null): string {
	return share ? `${share.overall} / ${share.leastTask}` : 'unknown';
}

/**
 * At most this many Lighthouse runs per page. The first uses the defaults; another is made
 * only while no run was conclusive (ADR 0028).
 */
const maxLighthouseRuns = 5;

/** The pause after a run the machine spoiled, before the next one. */
const spoiledRunPauseMs = 3_000;

let server: RunningServer;
const byteRows: ByteRow[] = [];
const scoreRows: ScoreRow[] = [];

/** Fetches `url` raw (no decompression): returns the body length and the encoding used. */
function rawSize(url: string): Promise<{ bytes: number; encoding: string; plain: number }> {
	const get = (encoding: string | null) =>
		new Promise<{ bytes: number; encoding: string }>((resolveGet, reject) => {
			const headers: Record<string, string> = {};
			if (encoding) headers['accept-encoding'] = encoding;
			const request = httpRequest(url, { headers, timeout: 10_000 }, (response) => {
				let bytes = 0;
				response.on('data', (chunk: Buffer) => (bytes += chunk.length));
				response.on('end', () =>
					resolveGet({ bytes, encoding: String(response.headers['content-encoding'] ?? 'none') })
				);
				response.on('error', reject);
			});
			request.on('timeout', () => request.destroy(new Error(`timeout fetching ${url}`)));
			request.on('error', reject);
			request.end();
		});
	return Promise.all([get('br, gzip'), get(null)]).then(([compressed, plain]) => ({
		...compressed,
		plain: plain.bytes
	}));
}

async function measureBytes(path: string): Promise<ByteRow> {
	const browser = await launchBrowser({ viewport: phone });
	try {
		const page = await browser.context.newPage();
		const finished: Promise<ByteRow['resources'][number] | null>[] = [];
		page.on('requestfinished', (request) => {
			finished.push(
				(async () => {
					const response = await request.response();
					const type = request.resourceType();
					const contentType = (await response?.headerValue('content-type')) ?? '';
					if (type === 'image' || contentType.startsWith('image/')) return null;
					const sizes = await request.sizes();
					const raw = await rawSize(request.url());
					return {
						url: new URL(request.url()).pathname,
						type,
						transfer: sizes.responseBodySize + sizes.responseHeadersSize,
						brotli: raw.bytes,
						encoding: `${(await response?.headerValue('content-encoding')) ?? 'none'} / ${raw.encoding}`,
						plain: raw.plain
					};
				})()
			);
		});
		const response = await page.goto(server.url + path, { waitUntil: 'networkidle' });
		expect(response?.status(), `${path} status`).toBe(200);
		const resources = (await Promise.all(finished)).filter((resource) => resource !== null);
		return {
			path,
			browserTransfer: resources.reduce((sum, resource) => sum + resource.transfer, 0),
			brotliBodies: resources.reduce((sum, resource) => sum + resource.brotli, 0),
			uncompressed: resources.reduce((sum, resource) => sum + resource.plain, 0),
			resources
		};
	} finally {
		await browser.close();
	}
}

function summarize(details: unknown): string[] {
	const items = (details as { items?: unknown[] } | undefined)?.items;
	if (!Array.isArray(items)) return [];
	return items.slice(0, 5).map((item) => {
		const record = item as Record<string, unknown>;
		const node = record['node'] as { selector?: string; snippet?: string } | undefined;
		if (node) return `${node.selector ?? ''} ${node.snippet ?? ''}`.trim();
		return JSON.stringify(item).slice(0, 300);
	});
}

/**
 * Lighthouse's own "please run Lighthouse again" failures: the trace of the page load was not
 * recorded (seen now and then on a busy two-core machine). They say nothing about the page.
 */
const transientLighthouseErrors = new Set([
	'NO_NAVSTART',
	'NO_TRACING_STARTED',
	'PROTOCOL_TIMEOUT'
]);

async function runLighthouse(
	chrome: LaunchedChrome,
	path: string,
	cpuSlowdown = defaultCpuSlowdown,
	attempt = 1
): Promise<ScoreRow> {
	const result = await lighthouse(server.url + path, {
		port: chrome.port,
		output: 'json',
		logLevel: 'error',
		onlyCategories: [...categories],
		// Merged into the mobile preset's throttling; only the CPU part changes (ADR 0028).
		throttling: { cpuSlowdownMultiplier: cpuSlowdown }
	});
	if (!result) throw new Error(`Lighthouse returned nothing for ${path}`);
	const { lhr } = result;
	if (lhr.runtimeError && transientLighthouseErrors.has(lhr.runtimeError.code) && attempt < 3) {
		console.warn(`Lighthouse on ${path}: ${lhr.runtimeError.code}, measuring again`);
		return runLighthouse(chrome, path, cpuSlowdown, attempt + 1);
	}
	if (lhr.runtimeError) {
		throw new Error(
			`Lighthouse failed on ${path}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`
		);
	}
	const scores: Partial<Record<Category, number>> = {};
	const failing: FailingAudit[] = [];
	for (const category of categories) {
		const entry = lhr.categories[category];
		if (!entry) continue;
		scores[category] = Math.round((entry.score ?? 0) * 100);
		for (const ref of entry.auditRefs) {
			const audit = lhr.audits[ref.id];
			if (!audit || ref.weight === 0 || audit.score === null || audit.score >= 1) continue;
			failing.push({
				category,
				id: audit.id,
				title: audit.title,
				score: audit.score,
				displayValue: audit.displayValue,
				details: summarize(audit.details)
			});
		}
	}
	const totalBlockingTime = Math.round(
		lhr.audits['total-blocking-time']?.numericValue ?? Number.NaN
	);
	const benchmarkIndex = Math.round(lhr.environment.benchmarkIndex);
	const trace = result.artifacts.Trace.traceEvents as unknown as TraceEvent[];
	const cpuShare = mainThreadCpuShare(trace, lhr.mainDocumentUrl ?? lhr.finalDisplayedUrl);
	const performance = scores.performance ?? 0;
	const conclusive = isConclusive({ performance, benchmarkIndex, cpuSlowdown, cpuShare });
	return {
		path,
		scores,
		totalBlockingTime,
		benchmarkIndex,
		cpuSlowdown,
		cpuShare,
		conclusive,
		attempts: [
			`performance ${performance}, TBT ${totalBlockingTime} ms, benchmarkIndex ${benchmarkIndex}, ` +
				`CPU slowdown ${cpuSlowdown}×, main-thread CPU share ${formatShare(cpuShare)}` +
				(conclusive ? '' : ' (not conclusive: the machine, not the page)')
		],
		failing,
		runWarnings: lhr.runWarnings
	};
}

/**
 * Measures a page and keeps its best run, as one would by hand (ADR 0028). It stops at a 100,
 * or once two runs were conclusive: a lower score measured with the page's main thread not
 * starved and no more CPU slowdown than this host's measured speed calls for. Runs the machine
 * spoiled do not count towards the two, up to `maxLighthouseRuns` in all; after that the best
 * run is judged and the report says the machine was too busy to tell. A run again uses the
 * slowdown calibrated to the speed the previous run measured, which stays the default 4×
 * unless the shared machine was slower than Lighthouse assumes.
 */
async function measurePage(chrome: LaunchedChrome, path: string): Promise<ScoreRow> {
	let last = await runLighthouse(chrome, path);
	let best = last;
	const attempts = [...last.attempts];
	let conclusiveRuns = last.conclusive ? 1 : 0;
	const done = () =>
		(best.scores.performance ?? 0) >= 100 ||
		conclusiveRuns >= 2 ||
		attempts.length >= maxLighthouseRuns;
	while (!done()) {
		// A busy spell on a shared host lasts a while: give it a moment before measuring again.
		if (!last.conclusive) await new Promise((resume) => setTimeout(resume, spoiledRunPauseMs));
		last = await runLighthouse(chrome, path, calibratedCpuSlowdown(last.benchmarkIndex));
		attempts.push(...last.attempts);
		if (last.conclusive) conclusiveRuns += 1;
		// Contention only ever costs points, so the best score is the truest, spoiled or not.
		if ((last.scores.performance ?? 0) > (best.scores.performance ?? 0)) best = last;
	}
	return { ...best, conclusive: conclusiveRuns > 0, attempts };
}

beforeAll(async () => {
	server = await startServer();
});

afterAll(async () => {
	await server?.stop();
	const paths = [...new Set([...byteRows, ...scoreRows].map((row) => row.path))];
	const table = paths.map((path) => {
		const bytes = byteRows.find((row) => row.path === path);
		const score = scoreRows.find((row) => row.path === path);
		return {
			page: path,
			'bytes (browser)': bytes?.browserTransfer ?? '',
			'bytes (br)': bytes?.brotliBodies ?? '',
			'bytes (raw)': bytes?.uncompressed ?? '',
			perf: score?.scores.performance ?? '',
			a11y: score?.scores.accessibility ?? '',
			'best pr.': score?.scores['best-practices'] ?? '',
			seo: score?.scores.seo ?? '',
			'TBT ms': score?.totalBlockingTime ?? '',
			bench: score?.benchmarkIndex ?? '',
			'cpu ×': score?.cpuSlowdown ?? '',
			'cpu share': score ? formatShare(score.cpuShare) : '',
			runs: score?.attempts.length ?? ''
		};
	});
	console.log(`byte budget for ${articlePath}: ${byteBudget} bytes, images excluded`);
	if (table.length > 0) console.table(table);
	const out = join(projectRoot, 'test-results');
	await mkdir(out, { recursive: true });
	await writeFile(
		join(out, 'budgets.json'),
		`${JSON.stringify(
			{
				byteBudget,
				bytes: byteRows,
				lighthouse: scoreRows,
				measuredAt: new Date().toISOString()
			},
			null,
			2
		)}\n`
	);
}, 30_000);

describe('budgets', () => {
	it(`the article page transfers at most ${byteBudget} bytes compressed, images excluded`, async () => {
		for (const path of lighthousePaths) byteRows.push(await measureBytes(path));
		const article = byteRows.find((row) => row.path === articlePath);
		if (!article) throw new Error('no measurement');
		const detail = article.resources
			.map(
				(resource) =>
					`${resource.url} (${resource.type}, ${resource.encoding}): ${resource.transfer}`
			)
			.join(', ');
		console.log(
			`bytes ${articlePath}: browser ${article.browserTransfer}, br ${article.brotliBodies}, raw ${article.uncompressed} [${detail}]`
		);
		expect(article.resources.some((resource) => resource.type === 'document')).toBe(true);
		expect(article.resources.some((resource) => resource.type === 'stylesheet')).toBe(true);
		expect(article.browserTransfer, `article transfer: ${detail}`).toBeLessThanOrEqual(byteBudget);
		expect(article.brotliBodies, 'article, Brotli bodies').toBeLessThanOrEqual(byteBudget);
	});

	it('Lighthouse (mobile) scores 100 in every category on the key pages', async () => {
		const userDataDir = await mkdtemp(join(tmpdir(), 'clinic-lighthouse-'));
		let chrome: LaunchedChrome;
		try {
			chrome = await launchChrome({
				chromePath: chromiumPath,
				userDataDir,
				chromeFlags: chromiumFlags,
				logLevel: 'silent'
			});
		} catch (error) {
			await rm(userDataDir, { recursive: true, force: true });
			throw error;
		}
		try {
			// Only simulated performance moves with the machine's load; the other categories are
			// deterministic, and the kept run must score 100 in all four.
			for (const path of lighthousePaths) {
				const row = await measurePage(chrome, path);
				row.attempts.forEach((attempt, index) =>
					console.log(`lighthouse ${path} run ${index + 1}: ${attempt}`)
				);
				scoreRows.push(row);
			}
		} finally {
			const exited = new Promise<void>((done) => {
				if (chrome.process.exitCode !== null) done();
				else chrome.process.once('exit', () => done());
			});
			chrome.kill();
			await Promise.race([exited, new Promise((done) => setTimeout(done, 5_000))]);
			await rm(userDataDir, { recursive: true, force: true });
		}
		const problems: string[] = [];
		for (const row of scoreRows) {
			for (const category of categories) {
				if (row.scores[category] !== 100) {
					problems.push(`${row.path}: ${category} ${row.scores[category] ?? 'missing'}`);
				}
			}
			for (const audit of row.failing) {
				problems.push(
					`${row.path}: [${audit.category}] ${audit.id} (score ${audit.score}) ${audit.title}` +
						`${audit.displayValue ? ` — ${audit.displayValue}` : ''}` +
						audit.details.map((detail) => `\n      ${detail}`).join('')
				);
			}
			if (!row.conclusive) {
				problems.push(
					`${row.path}: no conclusive run in ${row.attempts.length}: the machine was too busy to measure the page`
				);
			}
			row.attempts.forEach((attempt, index) =>
				problems.push(`${row.path}: run ${index + 1}: ${attempt}`)
			);
			for (const warning of row.runWarnings) problems.push(`${row.path}: warning: ${warning}`);
		}
		const failed = scoreRows.some((row) =>
			categories.some((category) => row.scores[category] !== 100)
		);
		expect(failed, `Lighthouse below 100:\n  ${problems.join('\n  ')}`).toBe(false);
	}, 600_000);
});
