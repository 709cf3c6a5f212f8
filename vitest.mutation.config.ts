import { defineConfig } from 'vitest/config';

/**
 * The unit tests of the domain, alone, for mutation testing (`npm run mutation`). The domain is
 * pure TypeScript, so neither the SvelteKit plugin nor the other projects are needed; leaving
 * them out keeps each of the many test runs small on a shared machine.
 */
export default defineConfig({
	test: {
		include: ['src/lib/domain/**/*.test.ts'],
		// The property tests and the large schedule take seconds each even uninstrumented, and
		// every mutant of the scheduling code would rerun them: left out, the score counts only
		// what the example tests catch (a lower bound of what the unit tests catch).
		exclude: [
			'src/**/*.int.test.ts',
			'src/**/*.property.test.ts',
			'src/lib/domain/scheduling/large-schedule.test.ts'
		],
		environment: 'node',
		testTimeout: 30_000
	}
});
