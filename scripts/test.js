// `npm test`: the whole suite, tier by tier, with a summary that says what ran, what was
// skipped and why (whole tiers and single tests, each with its reason). With CI=true a tier
// that cannot run is a failure, not a skip. The last line is always `N passed, N failed`.
//
// The static checks and the build do not depend on each other and each keeps about one core
// busy, so they run at the same time (docs/testing.md has the timings); the test tiers run one
// after another, since each spreads over both cores or measures time itself.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { probePostgres } from './lib/postgres-probe.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const ci = process.env.CI === 'true' || process.env.CI === '1';
const only = process.argv.slice(2);
const resultsDir = `${root}test-results`;
mkdirSync(resultsDir, { recursive: true });

/**
 * One row per tier. `skipped` is why the whole tier did not run; `skippedTests` are the single
 * tests it skipped, each with the reason it gave (null when it gave none).
 * @type {{ tier: string, passed: number, failed: number, skipped: string | null,
 *   skippedTests: { file: string, test: string, reason: string | null }[], seconds: number }[]}
 */
const summary = [];
const bin = (name) => `${root}node_modules/.bin/${name}`;
const suiteStarted = Date.now();

function run(command, args, env = {}) {
	const result = spawnSync(command, args, {
		cwd: root,
		stdio: 'inherit',
		env: { ...process.env, ...env }
	});
	return result.status === 0;
}

/**
 * Steps that pass or fail as a whole (lint, type check, build), run at the same time. Each
 * one's output is held back and printed in one piece when it ends, so that they do not mix.
 * @param {{ tier: string, command: string, args: string[] }[]} steps
 * @returns {Promise<Record<string, boolean>>} whether each tier that ran passed
 */
async function concurrentSteps(steps) {
	const chosen = steps.filter((s) => only.length === 0 || only.includes(s.tier));
	const results = await Promise.all(
		chosen.map(
			({ tier, command, args }) =>
				new Promise((resolve) => {
					const started = Date.now();
					const child = spawn(command, args, {
						cwd: root,
						env: { ...process.env, FORCE_COLOR: process.stdout.isTTY ? '1' : '0' },
						stdio: ['ignore', 'pipe', 'pipe']
					});
					let output = '';
					child.stdout.setEncoding('utf8').on('data', (chunk) => (output += chunk));
					child.stderr.setEncoding('utf8').on('data', (chunk) => (output += chunk));
					const finish = (ok, extra = '') => {
						const seconds = (Date.now() - started) / 1000;
						console.log(`\n=== ${tier} === (${seconds.toFixed(1)} s, ${ok ? 'passed' : 'FAILED'})`);
						if (output || extra) process.stdout.write(output + extra);
						resolve({ tier, ok, seconds });
					};
					child.once('error', (error) => finish(false, `${error.message}\n`));
					child.once('close', (code) => finish(code === 0));
				})
		)
	);
	/** @type {Record<string, boolean>} */
	const passed = {};
	for (const { tier, ok, seconds } of results) {
		passed[tier] = ok;
		summary.push({
			tier,
			passed: ok ? 1 : 0,
			failed: ok ? 0 : 1,
			skipped: null,
			skippedTests: [],
			seconds
		});
	}
	return passed;
}

/** A vitest project; its own test counts go into the summary. */
function vitest(tier, project, env = {}) {
	if (only.length > 0 && !only.includes(tier)) return;
	console.log(`\n=== ${tier} ===`);
	const report = `${resultsDir}/${project}.json`;
	const tierReport = `${resultsDir}/${project}-tier.json`;
	rmSync(report, { force: true });
	rmSync(tierReport, { force: true });
	const started = Date.now();
	const ok = run(
		bin('vitest'),
		[
			'run',
			'--project',
			project,
			'--reporter=default',
			'--reporter=json',
			`--outputFile.json=${report}`,
			'--reporter=./scripts/lib/tier-reporter.js'
		],
		{ ...env, TIER_REPORT_FILE: tierReport }
	);
	let passed = 0;
	let failed = ok ? 0 : 1;
	if (existsSync(report)) {
		const json = JSON.parse(readFileSync(report, 'utf8'));
		passed = json.numPassedTests ?? 0;
		// A file that failed to load has no failed tests but is a failure all the same.
		const brokenFiles = (json.testResults ?? []).filter(
			(file) => file.status === 'failed' && (file.assertionResults ?? []).length === 0
		).length;
		failed = (json.numFailedTests ?? 0) + brokenFiles;
		if (!ok && failed === 0) failed = 1;
	}
	const skippedTests = existsSync(tierReport)
		? JSON.parse(readFileSync(tierReport, 'utf8')).skipped
		: [];
	summary.push({
		tier,
		passed,
		failed,
		skipped: null,
		skippedTests,
		seconds: (Date.now() - started) / 1000
	});
}

function skip(tier, reason) {
	if (only.length > 0 && !only.includes(tier)) return;
	const failedInCi = ci ? 1 : 0;
	console.log(`\n=== ${tier} === ${ci ? 'FAILED' : 'SKIPPED'}: ${reason}`);
	summary.push({
		tier,
		passed: 0,
		failed: failedInCi,
		skipped: reason,
		skippedTests: [],
		seconds: 0
	});
}

function findChromium() {
	for (const candidate of [
		process.env.CHROMIUM_PATH,
		'/usr/bin/chromium',
		'/usr/bin/chromium-browser'
	]) {
		if (candidate && existsSync(candidate)) return candidate;
	}
	return null;
}

function ensureChromium() {
	const found = findChromium();
	if (found) return { path: found };
	if (process.getuid?.() !== 0) {
		return {
			reason: 'Chromium is not installed and installing it needs root (apt-get install -y chromium)'
		};
	}
	console.log("\nInstalling Debian's chromium for the browser tests (once per machine)...");
	const updated = run('apt-get', ['update', '-qq']);
	const installed =
		updated &&
		run('apt-get', ['install', '-y', '-qq', 'chromium'], { DEBIAN_FRONTEND: 'noninteractive' });
	const path = findChromium();
	return path && installed ? { path } : { reason: 'apt-get install chromium failed' };
}

const wantsBrowser =
	only.length === 0 ||
	only.some((tier) => ['e2e', 'faults', 'security'].some((name) => tier.startsWith(name)));
const browserTiers = [
	'e2e (browser flows, 2 at a time)',
	'e2e alone (budgets, start and stop)',
	'faults (crash, outages, instances)',
	'security (fuzz, XSS, sessions)'
];
const chromium = wantsBrowser ? ensureChromium() : null;

// svelte-check and eslint read the types that `svelte-kit sync` generates from the routes.
run(bin('svelte-kit'), ['sync']);
const checked = await concurrentSteps([
	{ tier: 'lint', command: bin('prettier'), args: ['--check', '--log-level', 'warn', '.'] },
	{ tier: 'eslint', command: bin('eslint'), args: ['.'] },
	{
		tier: 'types',
		command: bin('svelte-check'),
		args: ['--tsconfig', './tsconfig.json', '--fail-on-warnings']
	},
	...(chromium?.path
		? [{ tier: 'build', command: bin('vite'), args: ['build', '--logLevel', 'warn'] }]
		: [])
]);
vitest('unit', 'unit');

const postgres = await probePostgres(process.env.TEST_POSTGRES_URL);
if (postgres.ok) {
	vitest('integration (SQLite + PostgreSQL)', 'integration', {
		TEST_POSTGRES_URL: postgres.url,
		TEST_REQUIRE_POSTGRES: '1'
	});
} else {
	vitest('integration (SQLite)', 'integration', { TEST_POSTGRES_SKIP: postgres.reason });
	skip('integration (PostgreSQL)', postgres.reason);
}

if (chromium?.path) {
	const serverEnv = {
		CHROMIUM_PATH: chromium.path,
		...(postgres.ok
			? { TEST_POSTGRES_URL: postgres.url, TEST_REQUIRE_POSTGRES: '1' }
			: { TEST_POSTGRES_SKIP: postgres.reason })
	};
	// `npm test e2e` alone serves the build that is there.
	if (checked.build !== false) {
		vitest(browserTiers[0], 'e2e', serverEnv);
		vitest(browserTiers[1], 'e2e-alone', serverEnv);
		vitest(browserTiers[2], 'faults', serverEnv);
		vitest(browserTiers[3], 'security', serverEnv);
	} else {
		for (const tier of browserTiers) skip(tier, 'the build failed');
	}
} else if (chromium) {
	skip(browserTiers[0], chromium.reason);
}

console.log('\n=== summary ===');
for (const row of summary) {
	const state = row.skipped ? (ci ? `failed: ${row.skipped}` : `skipped: ${row.skipped}`) : '';
	console.log(
		`${row.tier.padEnd(36)} ${String(row.passed).padStart(4)} passed ${String(row.failed).padStart(3)} failed ${String(row.skippedTests.length).padStart(3)} skipped ${row.seconds.toFixed(1).padStart(6)} s ${state}`
	);
}
const skippedTests = summary.flatMap((row) =>
	row.skippedTests.map((skipped) => ({ ...skipped, tier: row.tier }))
);
if (skippedTests.length > 0) {
	console.log('\nskipped tests, and why:');
	for (const { tier, file, test, reason } of skippedTests) {
		console.log(`  ${tier}: ${file}: ${test}\n    ${reason ?? '(no reason given)'}`);
	}
}
const skippedTiers = summary.filter((row) => row.skipped && !ci).length;
const passed = summary.reduce((sum, row) => sum + row.passed, 0);
const failed = summary.reduce((sum, row) => sum + row.failed, 0);
console.log(`\nwhole suite: ${((Date.now() - suiteStarted) / 1000).toFixed(1)} s`);
const skips = `${skippedTests.length} tests skipped${skippedTiers > 0 ? `, ${skippedTiers} tiers skipped` : ''}`;
console.log(skippedTests.length + skippedTiers > 0 ? `${skips} (reasons above)` : skips);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
