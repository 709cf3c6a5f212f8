/*
 * Text as it arrives from a form or a JSON body, made fit to store: control characters that
 * no keyboard types and no page shows are removed (C0 controls other than tab, line feed and
 * carriage return; DEL; C1 controls; the noncharacters U+FFFE and U+FFFF), and an unpaired
 * surrogate (possible in JSON, "\ud800") becomes U+FFFD as a browser's form would send it.
 * NUL matters most: PostgreSQL refuses it in text, so without this a stray NUL that SQLite
 * keeps would be a 500 on PostgreSQL. Letters, emoji, combining marks and the bidirectional
 * controls that right-to-left names need are kept. Applied by the form readers
 * (`formFields`, `readFormValues`) and the JSON API, before any validation.
 */

// eslint-disable-next-line no-control-regex -- these are exactly the characters removed
const invisibleControls = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]/gu;
/** With the `u` flag a surrogate pair is one code point, so only unpaired halves match. */
const unpairedSurrogates = /[\ud800-\udfff]/gu;

export function cleanText(text: string): string {
	return text.replace(invisibleControls, '').replace(unpairedSurrogates, '\ufffd');
}

/*
 * One rule for every field: a single-line field (a name, a phone number, an email address, a
 * title) holds no line break, tab or other separator, so nothing stored can split a line of
 * an email header, a CSV export, a log line or a calendar file. Each run of them becomes one
 * space; after `cleanText`, nothing invisible is left. Multi-line fields (notes, messages,
 * descriptions, biographies) keep their line breaks and go through `cleanText` only.
 */
const lineSeparators = /[\t\n\v\f\r\u0085\u2028\u2029]+/gu;

/** Text fit for a single-line field: each run of line breaks or tabs a space, then `cleanText`. */
export function singleLine(text: string): string {
	return cleanText(text.replace(lineSeparators, ' '));
}

/** `JSON.parse` with every string, object keys included, passed through `cleanText`. */
export function parseCleanJson(text: string): unknown {
	return JSON.parse(text, (_key, value: unknown) => {
		if (typeof value === 'string') return cleanText(value);
		if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
			// fromEntries defines own properties, so a "__proto__" key stays a plain key.
			return Object.fromEntries(Object.entries(value).map(([key, item]) => [cleanText(key), item]));
		}
		return value;
	});
}
