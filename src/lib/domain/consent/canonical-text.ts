import type { ConsentDocument } from './consent-document';

/*
 * The exact string whose hash is stored with every signature, so that anyone can later show
 * which text a patient agreed to. The server computes the hash (SHA-256); the domain only fixes
 * the string, because two servers that disagree about a newline would disagree about whether
 * a signed form was altered.
 *
 * The format is versioned and JSON-encoded: field boundaries cannot be forged by a title that
 * contains a newline, and JSON escaping of strings is the same in every engine. Line endings
 * are normalized (a browser posts CRLF, a seed file has LF) and so is Unicode (NFC), but nothing
 * else: trailing spaces are a line break in Markdown, so whitespace is kept as written.
 */

/** The name of this serialization; a change to the rules needs a new one. */
export const consentTextFormat = 'clinic-consent-text/1';

/** The string to hash for a consent version: format, version, title and body, in that order. */
export function consentTextToHash(
	document: Pick<ConsentDocument, 'version' | 'title' | 'bodyMarkdown'>
): string {
	if (!Number.isInteger(document.version) || document.version < 1) {
		throw new RangeError(`A consent version is a whole number from 1, not ${document.version}.`);
	}
	return JSON.stringify([
		consentTextFormat,
		document.version,
		canonicalText(document.title),
		canonicalText(document.bodyMarkdown)
	]);
}

/** NFC, LF line endings and no byte-order mark: the differences that are not edits. */
function canonicalText(text: string): string {
	return text
		.replace(/^\uFEFF/, '')
		.replace(/\r\n?/g, '\n')
		.normalize('NFC');
}
