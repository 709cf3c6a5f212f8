import MarkdownIt from 'markdown-it';
import { isSafeLink } from '$lib/domain/content/safe-links';

// Raw HTML is off, so whatever staff type is escaped rather than rendered.
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: true });
// markdown-it's own check refuses javascript:, vbscript:, file: and data: but lets data: images
// through; staff-written articles get an allow-list instead (web, email, phone and in-site
// links), so a scheme nobody thought of is refused too. A refused link stays plain text.
markdown.validateLink = isSafeLink;

// Headings get stable ids so that other pages can link to a section (e.g. "#red-flags").
markdown.core.ruler.push('heading_ids', (state) => {
	const used = new Set<string>();
	state.tokens.forEach((token, index) => {
		if (token.type !== 'heading_open') return;
		const text = state.tokens[index + 1]?.content ?? '';
		let id = headingId(text);
		for (let n = 2; used.has(id); n++) id = `${headingId(text)}-${n}`;
		used.add(id);
		token.attrSet('id', id);
	});
});

// Table cells carry their alignment as a class: the CSP refuses inline style attributes, which
// is what markdown-it would write.
markdown.core.ruler.push('table_alignment_classes', (state) => {
	for (const token of state.tokens) {
		if (token.type !== 'th_open' && token.type !== 'td_open') continue;
		const align = /^text-align:(left|center|right)$/.exec(token.attrGet('style') ?? '')?.[1];
		if (!token.attrs) continue;
		token.attrs = token.attrs.filter(([name]) => name !== 'style');
		if (align) token.attrJoin('class', `align-${align}`);
	}
});

/** "Red flags: when to see a doctor" -> "red-flags-when-to-see-a-doctor" */
export function headingId(text: string): string {
	return (
		text
			.toLowerCase()
			.normalize('NFKD')
			.replace(/[^\w\s-]/g, '')
			.trim()
			.replace(/[\s_]+/g, '-')
			.replace(/-+/g, '-') || 'section'
	);
}

const cache = new Map<string, string>();
const cacheLimit = 200;

/**
 * Renders trusted-shape Markdown to HTML. Citation markers such as "[3]" become links to the
 * numbered reference list, so a reader can check a claim in one tap.
 */
export function renderMarkdown(source: string, options: { citations?: boolean } = {}): string {
	const key = `${options.citations ? 'c' : 'p'}:${source}`;
	const cached = cache.get(key);
	if (cached !== undefined) return cached;
	let html = markdown.render(source);
	if (options.citations) html = linkCitations(html);
	if (cache.size >= cacheLimit) cache.delete(cache.keys().next().value as string);
	cache.set(key, html);
	return html;
}

/** Turns "[1]" and "[2, 3]" in text (not inside tags) into links to `#ref-N`. */
function linkCitations(html: string): string {
	return html.replace(/(>[^<]*)/g, (text) =>
		text.replace(/\[(\d{1,3}(?:\s*[,–-]\s*\d{1,3})*)\]/g, (_match, list: string) => {
			const links = list
				.split(/\s*,\s*/)
				.map((part) => {
					const first = part.split(/[–-]/)[0]?.trim();
					return `<a href="#ref-${first}">${part}</a>`;
				})
				.join(', ');
			return `<sup class="citation">[${links}]</sup>`;
		})
	);
}
