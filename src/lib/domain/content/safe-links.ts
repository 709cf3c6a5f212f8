/*
 * Which addresses staff may put in front of a visitor. Articles are typed in the workspace and
 * shown to patients, so a link must never run script: only web, email and phone addresses and
 * links within the site are live; anything else (javascript:, vbscript:, data:, file:, and
 * schemes nobody has thought of yet) is refused rather than filtered.
 */

const linkSchemes = new Set(['http', 'https', 'mailto', 'tel']);

// Browsers drop leading and trailing C0 controls and spaces, and tabs and line breaks anywhere,
// before reading a URL's scheme; check the address the browser would see.
function asBrowserReadsIt(url: string): string {
	// eslint-disable-next-line no-control-regex -- the controls are exactly what browsers ignore
	return url.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '');
}

/** The scheme of an address ("https", "javascript"), lowercased, or null for a relative one. */
export function linkScheme(url: string): string | null {
	const match = /^([a-z][a-z0-9+.-]*):/i.exec(asBrowserReadsIt(url));
	return match?.[1]?.toLowerCase() ?? null;
}

/**
 * Whether a link or image address in Markdown may be rendered live: a web, email or phone
 * address, or a link within the site ("/book", "#red-flags").
 */
export function isSafeLink(url: string): boolean {
	const scheme = linkScheme(url);
	return scheme === null || linkSchemes.has(scheme);
}

/**
 * Whether a reference's address is a complete web address (http or https with a host), the
 * only kind a reference list links to.
 */
export function isWebAddress(url: string): boolean {
	// eslint-disable-next-line no-control-regex -- an address with controls or spaces is refused
	if (/[\s\u0000-\u001f\u007f]/.test(url)) return false;
	if (!/^https?:\/\//i.test(url)) return false;
	try {
		const parsed = new URL(url);
		return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== '';
	} catch {
		return false;
	}
}
