import { describe, expect, it } from 'vitest';
import type { ArticleSummary } from '../clinic/types';
import { atomFeed, escapeXml, sitemapXml } from './feeds';

const article: ArticleSummary = {
	slug: 'pain & you',
	title: 'Pain <and> "you"',
	description: 'A & B',
	author: { slug: 'a', name: 'A. Author', credentials: '' },
	publishedOn: '2026-01-02',
	lastReviewedOn: '2026-03-04'
};

describe('feeds', () => {
	it('escapes the five XML special characters', () => {
		expect(escapeXml(`<a href="x">'&'</a>`)).toBe(
			'&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;'
		);
	});

	it('lists static pages and articles with lastmod in the sitemap', () => {
		const xml = sitemapXml('https://clinic.example', {
			conditions: ['back-pain'],
			articles: [article],
			practitioners: ['a']
		});
		expect(xml).toContain('<loc>https://clinic.example/</loc>');
		expect(xml).toContain('<loc>https://clinic.example/conditions/back-pain</loc>');
		expect(xml).toContain('<lastmod>2026-03-04</lastmod>');
		expect(xml).not.toContain('pain & you');
	});

	it('lists the outcome summary only while one is published, dated when it was', () => {
		const index = { conditions: [], articles: [], practitioners: [] };
		expect(sitemapXml('https://clinic.example', index)).not.toContain('/outcomes');
		expect(
			sitemapXml('https://clinic.example', { ...index, outcomeSummaryOn: null })
		).not.toContain('/outcomes');
		expect(
			sitemapXml('https://clinic.example', { ...index, outcomeSummaryOn: '2027-06-01' })
		).toContain('<url><loc>https://clinic.example/outcomes</loc><lastmod>2027-06-01</lastmod></url>');
	});

	it('writes an Atom feed whose updated date is the newest review', () => {
		const xml = atomFeed('https://clinic.example', 'Clinic', [
			article,
			{ ...article, slug: 'b', lastReviewedOn: '2026-05-06' }
		]);
		expect(xml).toContain('<updated>2026-05-06T00:00:00Z</updated>\n<entry>');
		expect(xml).toContain('<title>Pain &lt;and&gt; &quot;you&quot;</title>');
	});
});
