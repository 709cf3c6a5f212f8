import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
	conditionsInOutcomeSummary,
	evidenceStatements
} from '$lib/domain/testimonials/expected-results';

/*
 * The research figures shown beside testimonials (ADR 0040) against the content the site ships:
 * every condition has its statement, and every statement cites only what the condition's page
 * or its articles cite, so a source updated in the articles cannot silently leave an old figure
 * beside the testimonials. docs/clinical/hazard-log.md (H11) names these tests.
 */
const root = join(import.meta.dirname, '../../../../content');

describe('the expected results beside testimonials, against the shipped content', () => {
	const conditionsDir = join(root, 'conditions');
	const shipped = readdirSync(conditionsDir)
		.filter((name) => name.endsWith('.md'))
		.map((name) => {
			const text = readFileSync(join(conditionsDir, name), 'utf8');
			return { slug: /^slug: (.+)$/m.exec(text)?.[1]?.trim() ?? '', text };
		});
	const articlesDir = join(root, 'articles');
	const articles = readdirSync(articlesDir).map((name) =>
		readFileSync(join(articlesDir, name), 'utf8')
	);

	it('has one cited statement for every condition the site ships, and the summary’s condition', () => {
		expect(shipped.length).toBeGreaterThan(0);
		for (const { slug } of shipped) {
			expect(
				evidenceStatements.filter((entry) => entry.conditionSlug === slug),
				slug
			).toHaveLength(1);
		}
		for (const slug of conditionsInOutcomeSummary) {
			expect(shipped.map((entry) => entry.slug)).toContain(slug);
		}
	});

	it('cites only sources that the condition’s page or one of the site’s articles cites too', () => {
		for (const statement of evidenceStatements) {
			const page = shipped.find((entry) => entry.slug === statement.conditionSlug);
			expect(page, statement.conditionSlug).toBeDefined();
			expect(statement.sources.length).toBeGreaterThan(0);
			for (const source of statement.sources) {
				expect(source.href).toMatch(/^https:\/\/doi\.org\/10\./);
				const cited = [page?.text ?? '', ...articles].some((text) => text.includes(source.href));
				expect(cited, `${statement.conditionSlug}: ${source.href}`).toBe(true);
			}
		}
	});
});
