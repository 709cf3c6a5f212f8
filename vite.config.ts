import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

/**
 * A tier that runs against the built server, one file at a time: each file starts its own
 * server (and browser), and two at once would measure each other.
 */
function builtServerTier(
	name: string,
	include: string,
	testTimeout: number
): TestProjectInlineConfiguration {
	return {
		extends: true,
		test: {
			name,
			include: [include],
			environment: 'node',
			fileParallelism: false,
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
			builtServerTier('e2e', 'tests/e2e/**/*.e2e.ts', 120_000),
			// Crashes, outages, restarts and several instances (docs/reliability.md). Bounded in
			// count and time; 127.0.0.1 only.
			builtServerTier('faults', 'tests/faults/**/*.faults.ts', 240_000),
			// Hostile input, XSS, CSRF, sessions, redirects, IDOR, enumeration and headers
			// (docs/reliability.md).
			builtServerTier('security', 'tests/security/**/*.security.ts', 240_000),
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
