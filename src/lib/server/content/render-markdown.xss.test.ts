// Staff type articles that patients read, so nothing typed may become script in a visitor's
// browser. Each entry of the corpus is rendered with and without citation links and the HTML
// is searched, independently of the renderer's own checks, for anything that could run.
import { describe, expect, it } from 'vitest';
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

const corpus = [
	'<script>alert(1)</script>',
	'Hello <script src="https://evil.example/x.js"></script>',
	'<img src=x onerror=alert(1)>',
	'<svg onload=alert(1)>',
	'<svg><script>alert(1)</script></svg>',
	'<iframe src="javascript:alert(1)"></iframe>',
	'<object data="javascript:alert(1)"></object>',
	'<a href="javascript:alert(1)">x</a>',
	'<form action="javascript:alert(1)"><button>x</button></form>',
	'<style>body{background:url(javascript:alert(1))}</style>',
	'<!-- x --><script>alert(1)</script>',
	'<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
	'<details open ontoggle=alert(1)>',
	'[x](javascript:alert(1))',
	'[x](JaVaScRiPt:alert(1))',
	'[x]( javascript:alert(1) )',
	'[x](<javascript:alert(1)>)',
	'[x](javascript&#58;alert(1))',
	'[x](javascript&colon;alert(1))',
	'[x](&#106;avascript:alert(1))',
	'[x](&#x6A;&#x61;&#x76;&#x61;script:alert(1))',
	'[x](&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1))',
	'[x](java&#9;script:alert(1))',
	'[x](java&#10;script:alert(1))',
	'[x](&#1;javascript:alert(1))',
	'[x](vbscript:msgbox(1))',
	'[x](VBScript:msgbox(1))',
	'[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
	'[x](file:///etc/passwd)',
	'![x](javascript:alert(1))',
	'![x](data:image/png;base64,iVBORw0KGgo=)',
	'![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
	'![x" onerror="alert(1)](https://example.org/a.png)',
	'[x](https://example.org "t\\" onmouseover=\\"alert(1)")',
	'[x](https://example.org" onmouseover="alert(1))',
	'<javascript:alert(1)>',
	'<JAVASCRIPT:alert(1)>',
	'<vbscript:msgbox(1)>',
	'<data:text/html,<script>alert(1)</script>>',
	'[x][ref]\n\n[ref]: javascript:alert(1)',
	'[x][ref]\n\n[ref]: <data:text/html,x> "t"',
	'[<img src=x onerror=alert(1)>](https://example.org)',
	'# <img src=x onerror=alert(1)>',
	'## Heading" onmouseover="alert(1)',
	'`<script>alert(1)</script>`',
	'```html\n<script>alert(1)</script>\n```',
	'    <script>alert(1)</script>',
	'> <script>alert(1)</script>',
	'| a | b |\n|:--|--:|\n| <script>alert(1)</script> | [x](javascript:alert(1)) |',
	'Evidence [1]" onmouseover="alert(1)" x="[2]',
	'&lt;script&gt;alert(1)&lt;/script&gt;',
	'&#60;script&#62;alert(1)&#60;/script&#62;',
	'\\<script>alert(1)\\</script>'
];

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
