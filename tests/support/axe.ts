// One way to ask axe about a page: WCAG 2.0/2.1/2.2 A and AA rules, violations listed with the
// selectors they were found at, so a failure says where to look.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** Fails the test with a readable list when axe finds any WCAG 2.2 AA violation. */
export async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
	const results = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
		.analyze();
	expect(
		results.violations.map(
			(violation) =>
				`${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`
		),
		label
	).toEqual([]);
}
