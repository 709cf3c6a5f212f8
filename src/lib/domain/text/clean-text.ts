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
