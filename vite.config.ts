import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

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
			{
				extends: true,
				test: {
					name: 'e2e',
					include: ['tests/e2e/**/*.e2e.ts'],
					environment: 'node',
					fileParallelism: false,
					testTimeout: 120_000,
					hookTimeout: 120_000
				}
			},
			{
				extends: true,
				test: {
					// Crashes, outages, restarts and several instances, against the built server
					// (docs/reliability.md). Bounded in count and time; 127.0.0.1 only.
					name: 'faults',
					include: ['tests/faults/**/*.faults.ts'],
					environment: 'node',
					fileParallelism: false,
					testTimeout: 240_000,
					hookTimeout: 120_000
				}
			},
			{
				extends: true,
				test: {
					// Hostile input, XSS, CSRF, sessions, redirects, IDOR, enumeration and headers,
					// against the built server (docs/reliability.md).
					name: 'security',
					include: ['tests/security/**/*.security.ts'],
					environment: 'node',
					fileParallelism: false,
					testTimeout: 240_000,
					hookTimeout: 120_000
				}
			},
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
