/*
 * iCalendar content lines (RFC 5545 3.1): a line is at most 75 octets, not characters, and a
 * longer one continues on the next line after a space. A name like "Zoë" takes more octets
 * than characters, so lines folded by counting characters can run over.
 */

const encoder = new TextEncoder();
const octets = (text: string) => encoder.encode(text).length;

/** Joins folded content lines (a line break followed by a space or a tab). */
export function unfoldCalendar(content: string): string {
	return content.replace(/\r?\n[ \t]/g, '');
}

/** Folds every content line longer than 75 octets, never inside a character; CRLF endings. */
export function foldCalendar(content: string): string {
	return unfoldCalendar(content)
		.split(/\r\n|\n/)
		.map(foldLine)
		.join('\r\n');
}

function foldLine(line: string): string {
	if (octets(line) <= 75) return line;
	const parts: string[] = [];
	let current = '';
	let used = 0;
	let limit = 75;
	for (const character of line) {
		const size = octets(character);
		if (used + size > limit) {
			parts.push(current);
			current = '';
			used = 0;
			// A continuation line starts with one space, which counts towards its 75 octets.
			limit = 74;
		}
		current += character;
		used += size;
	}
	parts.push(current);
	return parts.join('\r\n ');
}
