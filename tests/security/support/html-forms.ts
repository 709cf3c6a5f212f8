// Reads a form out of a page's HTML as the browser would submit it unchanged (inputs with
// their values, ticked boxes, chosen options, textareas), so a test can change a few fields
// and post the rest as they are.
const entities: Record<string, string> = {
	amp: '&',
	lt: '<',
	gt: '>',
	quot: '"',
	apos: "'",
	nbsp: '\u00a0'
};

export function decodeHtml(text: string): string {
	return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
		if (body[0] === '#') {
			const code =
				body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : Number(body.slice(1));
			return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
		}
		return entities[body.toLowerCase()] ?? whole;
	});
}

function attributes(source: string): Map<string, string> {
	const found = new Map<string, string>();
	for (const match of source.matchAll(
		/([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g
	)) {
		found.set((match[1] ?? '').toLowerCase(), decodeHtml(match[2] ?? match[3] ?? match[4] ?? ''));
	}
	return found;
}

/** The fields of the `index`-th form posting to `?/action` (or `action` itself). */
export function readForm(html: string, action: string, index = 0): [string, string][] {
	const forms = [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)].filter((form) => {
		const target = attributes(form[1] ?? '').get('action') ?? '';
		return target === `?/${action}` || target === action || target.endsWith(`?/${action}`);
	});
	const form = forms[index];
	if (!form) throw new Error(`no form for ${action} (#${index}) on the page`);
	const body = form[2] ?? '';
	const fields: [string, string][] = [];
	for (const match of body.matchAll(/<input\b([^>]*)>/gi)) {
		const attrs = attributes(match[1] ?? '');
		const name = attrs.get('name');
		const type = (attrs.get('type') ?? 'text').toLowerCase();
		if (!name || ['submit', 'button', 'file', 'image', 'reset'].includes(type)) continue;
		if ((type === 'checkbox' || type === 'radio') && !attrs.has('checked')) continue;
		fields.push([name, attrs.get('value') ?? (type === 'checkbox' ? 'on' : '')]);
	}
	for (const match of body.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/gi)) {
		const name = attributes(match[1] ?? '').get('name');
		if (name) fields.push([name, decodeHtml(match[2] ?? '').replace(/^\n/, '')]);
	}
	for (const match of body.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/gi)) {
		const name = attributes(match[1] ?? '').get('name');
		if (!name) continue;
		const options = [...(match[2] ?? '').matchAll(/<option\b([^>]*)>([\s\S]*?)<\/option>/gi)].map(
			(option) => {
				const attrs = attributes(option[1] ?? '');
				return {
					value: attrs.get('value') ?? decodeHtml(option[2] ?? '').trim(),
					selected: attrs.has('selected')
				};
			}
		);
		const chosen = options.find((option) => option.selected) ?? options[0];
		if (chosen) fields.push([name, chosen.value]);
	}
	return fields;
}

/** The form's fields with some replaced (or added). */
export function withFields(
	fields: [string, string][],
	changes: Record<string, string>
): [string, string][] {
	const result = fields.filter(([name]) => !(name in changes));
	for (const [name, value] of Object.entries(changes)) result.push([name, value]);
	return result;
}
