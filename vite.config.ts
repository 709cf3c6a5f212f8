import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

/** Browser files that measure time or speed: run alone, after the others (docs/testing.md). */
const measuringFiles = [
	'tests/e2e/budgets.e2e.ts',
	'tests/e2e/startup-and-shutdown.e2e.ts',
	'tests/e2e/screenshot.e2e.ts'
];

/**
 * A tier that runs against the built server. Each file starts its own server (and browser)
 * on a free port with its own data, so files are independent; `workers` of them run at once.
 * Tiers whose files measure time or crash servers run one file at a time, since two at once
 * would measure each other.
 */
function builtServerTier(
	name: string,
	include: string[],
	testTimeout: number,
	options: { workers?: number; exclude?: string[] } = {}
): TestProjectInlineConfiguration {
	const workers = options.workers ?? 1;
	return {
		extends: true,
		test: {
			name,
			include,
			exclude: options.exclude ?? [],
			environment: 'node',
			fileParallelism: workers > 1,
			maxWorkers: workers,
			testTimeout,
			hookTimeout: 120_000
		}
	};
}

export default defineConfig({
	plugins: [sveltekit()],
	test: {
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['src/**/*.test.ts', 'scripts/**/*.test.js', 'tests/support/**/*.test.ts'],
					exclude: ['src/**/*.int.test.ts'],
					environment: 'node'
				}
			},
			{
				extends: true,
				test: {
					name: 'integration',
					include: ['src/**/*.int.test.ts', 'tests/integration/**/*.int.test.ts'],
					environment: 'node',
					testTimeout: 30_000,
					hookTimeout: 60_000
				}
			},
			// Browser flows: two files at a time (each mostly waits on its server and browser),
			// then the measuring files alone.
			builtServerTier('e2e', ['tests/e2e/**/*.e2e.ts'], 120_000, {
				workers: 2,
				exclude: measuringFiles
			}),
			builtServerTier('e2e-alone', measuringFiles, 120_000),
			// Crashes, outages, restarts and several instances (docs/reliability.md). Bounded in
			// count and time; 127.0.0.1 only.
			builtServerTier('faults', ['tests/faults/**/*.faults.ts'], 240_000),
			// Hostile input, XSS, CSRF, sessions, redirects, IDOR, enumeration and headers
			// (docs/reliability.md).
			builtServerTier('security', ['tests/security/**/*.security.ts'], 240_000),
			{
				extends: true,
				test: {
					name: 'bench',
					include: ['bench/**/*.bench.ts'],
					environment: 'node',
					fileParallelism: false,
					disableConsoleIntercept: true,
					testTimeout: 300_000,
					hookTimeout: 300_000
				}
			}
		]
	}
});
