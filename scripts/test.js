// `npm test`: the whole suite, tier by tier, with a summary that says what ran, what was
// skipped and why. With CI=true a tier that cannot run is a failure, not a skip.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { probePostgres } from './lib/postgres-probe.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const ci = process.env.CI === 'true' || process.env.CI === '1';
const only = process.argv.slice(2);
const resultsDir = `${root}test-results`;
mkdirSync(resultsDir, { recursive: true });

/** @type {{ tier: string, passed: number, failed: number, skipped: string | null, seconds: number }[]} */
const summary = [];
const bin = (name) => `${root}node_modules/.bin/${name}`;

function run(command, args, env = {}) {
	const result = spawnSync(command, args, {
		cwd: root,
		stdio: 'inherit',
		env: { ...process.env, ...env }
	});
	return result.status === 0;
}

/** A step that passes or fails as a whole (lint, type check, build). */
function step(tier, command, args) {
	if (only.length > 0 && !only.includes(tier)) return true;
	console.log(`\n=== ${tier} ===`);
	const started = Date.now();
	const ok = run(command, args);
	summary.push({
		tier,
		passed: ok ? 1 : 0,
		failed: ok ? 0 : 1,
		skipped: null,
		seconds: (Date.now() - started) / 1000
	});
	return ok;
}

/** A vitest project; its own test counts go into the summary. */
function vitest(tier, project, env = {}) {
	if (only.length > 0 && !only.includes(tier)) return;
	console.log(`\n=== ${tier} ===`);
	const report = `${resultsDir}/${project}.json`;
	rmSync(report, { force: true });
	const started = Date.now();
	const ok = run(
		bin('vitest'),
		[
			'run',
			'--project',
			project,
			'--reporter=default',
			'--reporter=json',
			`--outputFile.json=${report}`
		],
		env
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
	summary.push({ tier, passed, failed, skipped: null, seconds: (Date.now() - started) / 1000 });
}

function skip(tier, reason) {
	if (only.length > 0 && !only.includes(tier)) return;
	const failedInCi = ci ? 1 : 0;
	console.log(`\n=== ${tier} === ${ci ? 'FAILED' : 'SKIPPED'}: ${reason}`);
	summary.push({ tier, passed: 0, failed: failedInCi, skipped: reason, seconds: 0 });
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

if (step('lint', bin('prettier'), ['--check', '--log-level', 'warn', '.']))
	step('eslint', bin('eslint'), ['.']);
// svelte-check reads the types that `svelte-kit sync` generates from the routes.
run(bin('svelte-kit'), ['sync']);
step('types', bin('svelte-check'), ['--tsconfig', './tsconfig.json', '--fail-on-warnings']);
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

const wantsBrowser =
	only.length === 0 ||
	only.some((tier) => ['e2e', 'faults', 'security'].some((name) => tier.startsWith(name)));
if (wantsBrowser) {
	const chromium = ensureChromium();
	if (chromium.path) {
		const serverEnv = {
			CHROMIUM_PATH: chromium.path,
			...(postgres.ok
				? { TEST_POSTGRES_URL: postgres.url, TEST_REQUIRE_POSTGRES: '1' }
				: { TEST_POSTGRES_SKIP: postgres.reason })
		};
		if (step('build', bin('vite'), ['build', '--logLevel', 'warn'])) {
			vitest('e2e (browser, budgets)', 'e2e', serverEnv);
			vitest('faults (crash, outages, instances)', 'faults', serverEnv);
			vitest('security (fuzz, XSS, sessions)', 'security', serverEnv);
		} else {
			for (const tier of [
				'e2e (browser, budgets)',
				'faults (crash, outages, instances)',
				'security (fuzz, XSS, sessions)'
			]) {
				skip(tier, 'the build failed');
			}
		}
	} else {
		skip('e2e (browser, budgets)', chromium.reason);
	}
}

console.log('\n=== summary ===');
for (const row of summary) {
	const state = row.skipped ? (ci ? `failed: ${row.skipped}` : `skipped: ${row.skipped}`) : '';
	console.log(
		`${row.tier.padEnd(36)} ${String(row.passed).padStart(4)} passed ${String(row.failed).padStart(3)} failed ${row.seconds.toFixed(1).padStart(6)} s ${state}`
	);
}
const passed = summary.reduce((sum, row) => sum + row.passed, 0);
const failed = summary.reduce((sum, row) => sum + row.failed, 0);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
