// A vitest reporter for `npm test`: writes, for one tier, every skipped test with the reason it
// was given (`context.skip(reason)`), and how long each file took, to the JSON file named by
// TIER_REPORT_FILE. The summary prints the skips; docs/testing.md uses the file times.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** @typedef {{ file: string, test: string, reason: string | null }} Skip */

/**
 * The skipped tests of a run, each with its reason (null when none was given).
 * @param {ReadonlyArray<import('vitest/node').TestModule>} modules
 * @returns {Skip[]}
 */
export function skippedTests(modules) {
	/** @type {Skip[]} */
	const skips = [];
	for (const module of modules) {
		for (const test of module.children.allTests()) {
			const result = test.result();
			if (result.state !== 'skipped') continue;
			skips.push({
				file: module.relativeModuleId,
				test: test.fullName,
				reason: result.note ?? null
			});
		}
	}
	return skips;
}

export default class TierReporter {
	/** @param {ReadonlyArray<import('vitest/node').TestModule>} modules */
	onTestRunEnd(modules) {
		const target = process.env.TIER_REPORT_FILE;
		if (!target) return;
		const files = modules
			.map((module) => {
				const time = module.diagnostic();
				// Loading the file and its imports counts too: for some files it is most of the time.
				const ms =
					time.environmentSetupDuration +
					time.prepareDuration +
					time.collectDuration +
					time.setupDuration +
					time.duration;
				return { file: module.relativeModuleId, seconds: Math.round(ms) / 1000 };
			})
			.sort((a, b) => b.seconds - a.seconds);
		mkdirSync(dirname(target), { recursive: true });
		writeFileSync(target, JSON.stringify({ skipped: skippedTests(modules), files }, null, '\t'));
	}
}
