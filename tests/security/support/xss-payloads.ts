// Payloads for the browser XSS suite. Each is numbered: if it ever runs it calls
// `__xss(n)` (a binding the test exposes), or fetches /xss/n from a listener the test runs, so
// a failure names the payload and the field it came through. Each begins with the visible
// marker `X<n>`, so the test can tell on which pages a field's value is shown at all.
import { markdownXssCorpus } from '../../../src/lib/server/content/markdown-xss-corpus.test-support';

export type PayloadKind = 'html' | 'markdown' | 'url';

export interface Payload {
	id: number;
	text: string;
	/** The field it was put in, for the report. */
	field: string;
}

/** HTML-context payloads, shortest first; `N` is the payload's number, `L` the listener. */
const htmlTemplates = [
	'<script>__xss(N)</script>',
	'"><img src=x onerror=__xss(N)>',
	"'><svg onload=__xss(N)>",
	'</title><script>__xss(N)</script>',
	'</textarea><script>__xss(N)</script>',
	'</script><script>__xss(N)</script>',
	'<img src=L/xss/N>',
	'<a href="javascript:__xss(N)">x</a>',
	'<details open ontoggle=__xss(N)>',
	'<iframe srcdoc="<script>parent.__xss(N)</script>">',
	"{{constructor.constructor('__xss(N)')()}}",
	'${__xss(N)}',
	'{@html "<img src=x onerror=__xss(N)>"}',
	'<style>@import "L/xss/N";</style>',
	'<meta http-equiv=refresh content="0;url=javascript:__xss(N)">',
	'<base href="L/xss/N/">',
	'<form action=javascript:__xss(N)><button>x</button></form>',
	'<svg><animate onbegin=__xss(N) attributeName=x dur=1s>',
	'<object data="javascript:__xss(N)">',
	'<input autofocus onfocus=__xss(N)>',
	'[x](javascript:__xss(N))',
	'<!--<img src="--><img src=x onerror=__xss(N)//">'
];

export class PayloadBook {
	private next = 1;
	readonly issued: Payload[] = [];
	constructor(private listener: string) {}

	/** Where payloads that load something point to. */
	get listenerUrl(): string {
		return this.listener;
	}

	private fill(template: string, id: number): string {
		return template.replaceAll('N', String(id)).replaceAll('L', this.listener);
	}

	/**
	 * As many HTML payloads as fit in `maxLength` characters (at least one), each with its own
	 * number and marker, for a field named `field`.
	 */
	html(field: string, maxLength: number, prefix = ''): string {
		let text = prefix;
		let template = (this.next - 1) % htmlTemplates.length;
		for (let added = 0; added < htmlTemplates.length; added++) {
			const id = this.next;
			const piece = `X${id}${this.fill(htmlTemplates[template % htmlTemplates.length]!, id)} `;
			if (added > 0 && text.length + piece.length > maxLength) break;
			text += piece;
			this.issued.push({ id, text: piece, field });
			this.next++;
			template++;
		}
		return text.trimEnd().slice(0, maxLength);
	}

	/** The Markdown corpus (render-markdown.xss.test.ts), numbered, within `maxLength`. */
	markdown(field: string, maxLength: number, intro = 'Intro paragraph.\n\n'): string {
		let text = intro;
		for (const entry of markdownXssCorpus) {
			const id = this.next;
			const piece = `X${id} ${entry.replaceAll('alert(1)', `__xss(${id})`).replaceAll('msgbox(1)', `__xss(${id})`).replace('https://evil.example/x.js', `${this.listener}/xss/${id}`)}\n\n`;
			if (text.length + piece.length > maxLength) break;
			text += piece;
			this.issued.push({ id, text: piece, field });
			this.next++;
		}
		return text;
	}

	/** A javascript: URL for a field that takes an address (expected to be refused). */
	url(field: string): string {
		const id = this.next++;
		const text = `javascript:__xss(${id})//X${id}`;
		this.issued.push({ id, text, field });
		return text;
	}

	/** The field a payload number was issued for. */
	fieldOf(id: number): string {
		return this.issued.find((payload) => payload.id === id)?.field ?? `unknown payload ${id}`;
	}

	/** Markers (X<n>) of the payloads issued for `field`. */
	markersOf(field: string): string[] {
		return this.issued
			.filter((payload) => payload.field === field)
			.map((payload) => `X${payload.id}`);
	}

	fields(): string[] {
		return [...new Set(this.issued.map((payload) => payload.field))];
	}
}
