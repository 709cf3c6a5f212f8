import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './render-markdown';

describe('renderMarkdown', () => {
	it('escapes raw HTML instead of rendering it', () => {
		const html = renderMarkdown('Hello <script>alert(1)</script> <img src=x onerror=alert(1)>');
		expect(html).not.toContain('<script>');
		expect(html).not.toContain('<img');
		expect(html).toContain('&lt;script&gt;');
	});

	it('refuses javascript: links', () => {
		const html = renderMarkdown('[click](javascript:alert(1))');
		expect(html).not.toContain('href="javascript:');
	});

	it('links citation markers to the reference list', () => {
		const html = renderMarkdown('Evidence is mixed [1], see also [2, 3].', { citations: true });
		expect(html).toContain('<sup class="citation">[<a href="#ref-1">1</a>]</sup>');
		expect(html).toContain('<a href="#ref-2">2</a>, <a href="#ref-3">3</a>');
	});

	it('gives headings unique ids that other pages can link to', () => {
		const html = renderMarkdown('## Red flags: see a doctor\n\ntext\n\n## Red flags: see a doctor');
		expect(html).toContain('<h2 id="red-flags-see-a-doctor">');
		expect(html).toContain('<h2 id="red-flags-see-a-doctor-2">');
	});

	it('aligns table cells with classes, since the CSP refuses inline styles', () => {
		const html = renderMarkdown('| a | b |\n|:--|--:|\n| 1 | 2 |');
		expect(html).toContain('<th class="align-left">a</th>');
		expect(html).toContain('<td class="align-right">2</td>');
		expect(html).not.toContain('style=');
	});

	it('leaves brackets alone when citations are off', () => {
		expect(renderMarkdown('Item [1]')).toContain('Item [1]');
	});
});
