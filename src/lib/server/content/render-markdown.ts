import MarkdownIt from 'markdown-it';

// Raw HTML is off, so whatever staff type is escaped rather than rendered; markdown-it's link
// validation already refuses javascript:, vbscript: and data: URLs (except images).
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: true });

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
