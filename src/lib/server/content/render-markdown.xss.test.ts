// Staff type articles that patients read, so nothing typed may become script in a visitor's
// browser. Each entry of the corpus is rendered with and without citation links and the HTML
// is searched, independently of the renderer's own checks, for anything that could run.
import { describe, expect, it } from 'vitest';
import { markdownXssCorpus as corpus } from './markdown-xss-corpus.test-support';
import { renderMarkdown } from './render-markdown';

const allowedTags = new Set([
	'p',
	'a',
	'em',
	'strong',
	'code',
	'pre',
	'h1',
	'h2',
	'h3',
	'h4',
	'h5',
	'h6',
	'ul',
	'ol',
	'li',
	'blockquote',
	'hr',
	'br',
	'img',
	'table',
	'thead',
	'tbody',
	'tr',
	'th',
	'td',
	's',
	'sup'
]);
const allowedAttributes = new Set(['href', 'src', 'alt', 'title', 'id', 'class', 'start']);
const urlAttributes = new Set(['href', 'src']);

/** Decodes character references the way a browser does before it reads an attribute. */
function decodeEntities(text: string): string {
	const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
	return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);?/gi, (whole, body: string) => {
		if (body[0] === '#') {
			const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : Number(body.slice(1));
			return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
		}
		return named[body.toLowerCase()] ?? whole;
	});
}

/** Everything in rendered HTML that a browser could execute, described; empty when safe. */
function executableMarkup(html: string): string[] {
	const found: string[] = [];
	for (const tag of html.matchAll(/<\/?([a-zA-Z][^\s/>]*)([^>]*)>/g)) {
		const name = (tag[1] ?? '').toLowerCase();
		if (!allowedTags.has(name)) found.push(`tag <${name}>`);
		const attributes = tag[2] ?? '';
		for (const attribute of attributes.matchAll(
			/([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g
		)) {
			const key = (attribute[1] ?? '').toLowerCase();
			const value = decodeEntities(attribute[2] ?? attribute[3] ?? attribute[4] ?? '');
			if (!allowedAttributes.has(key)) found.push(`attribute ${key} on <${name}>`);
			if (urlAttributes.has(key)) {
				// eslint-disable-next-line no-control-regex -- browsers ignore these in a scheme
				const seen = value.replace(/^[\u0000-\u0020]+/, '').replace(/[\t\n\r]/g, '');
				const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(seen)?.[1]?.toLowerCase();
				if (scheme && !['http', 'https', 'mailto', 'tel'].includes(scheme)) {
					found.push(`${key}="${value}" on <${name}>`);
				}
			}
		}
	}
	return found;
}

describe('rendering staff-written Markdown', () => {
	it.each(corpus)('leaves nothing executable in %j', (source) => {
		for (const citations of [false, true]) {
			const html = renderMarkdown(source, { citations });
			expect(executableMarkup(html), html).toEqual([]);
			expect(html.toLowerCase()).not.toContain('<script');
		}
	});

	it('renders refused links as plain text rather than dropping what was written', () => {
		expect(renderMarkdown('[x](javascript:alert(1))')).toBe(
			'<p>[x](javascript:alert(1))</p>\n'
		);
		expect(renderMarkdown('<javascript:alert(1)>')).toBe('<p>&lt;javascript:alert(1)&gt;</p>\n');
		expect(renderMarkdown('![x](data:image/png;base64,AAAA)')).not.toContain('<img');
	});

	it('keeps web, email, phone and in-site links live', () => {
		expect(renderMarkdown('[ACP](https://doi.org/10.7326/M16-2367)')).toContain(
			'<a href="https://doi.org/10.7326/M16-2367">ACP</a>'
		);
		expect(renderMarkdown('[Book](/book) or [call](tel:+14145550123)')).toContain(
			'<a href="/book">Book</a>'
		);
		expect(renderMarkdown('<mailto:hello@clinic.example>')).toContain(
			'href="mailto:hello@clinic.example"'
		);
		expect(renderMarkdown('[red flags](#red-flags)')).toContain('href="#red-flags"');
	});

	it('finds executable markup when there is some (the checker itself works)', () => {
		expect(executableMarkup('<p onclick="x">a</p>')).toEqual(['attribute onclick on <p>']);
		expect(executableMarkup('<a href="&#106;avascript:x">a</a>')).toEqual([
			'href="javascript:x" on <a>'
		]);
		expect(executableMarkup('<script>x</script>')).toContain('tag <script>');
	});
});
