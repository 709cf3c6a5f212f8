// @ts-check
/**
 * Mutation testing of the domain's rules (docs/testing.md): `npm run mutation`. Not part of CI:
 * a full run takes minutes. One file at a time:
 * `npm run mutation -- --mutate src/lib/domain/scheduling/intervals.ts`.
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
const config = {
	testRunner: 'vitest',
	vitest: { configFile: 'vitest.mutation.config.ts', related: true },
	mutate: [
		'src/lib/domain/scheduling/open-slots.ts',
		'src/lib/domain/scheduling/check-booking.ts',
		'src/lib/domain/scheduling/intervals.ts',
		'src/lib/domain/intake/red-flags.ts',
		'src/lib/domain/testimonials/moderation.ts',
		'src/lib/domain/outcomes/meaningful-change.ts'
	],
	// Only what the domain's unit tests need is copied to the sandbox.
	ignorePatterns: ['/*', '!/src', '!/package.json', '!/vitest.mutation.config.ts'],
	coverageAnalysis: 'perTest',
	// The machine is shared: two test processes at most.
	concurrency: 2,
	reporters: ['clear-text', 'progress', 'html'],
	htmlReporter: { fileName: 'reports/mutation/index.html' },
	thresholds: { high: 90, low: 80, break: null },
	tempDirName: '.stryker-tmp',
	cleanTempDir: true
};

export default config;
