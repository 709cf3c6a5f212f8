// Just enough MIME (RFC 2045/2046) to read what nodemailer writes: nested multiparts and
// base64, quoted-printable or 7bit leaves. Tests read emails the way a mail client would.

export interface MimePart {
	/** Lower-case header names; folded lines joined. */
	headers: Map<string, string>;
	/** The media type without parameters, lower case ('text/plain'). */
	type: string;
	/** Content-Type parameters, names in lower case. */
	params: Map<string, string>;
	/** The decoded body as UTF-8 text (leaves only). */
	body: string;
	/** The child parts of a multipart. */
	parts: MimePart[];
}

function parseHeaders(block: string): Map<string, string> {
	const headers = new Map<string, string>();
	const unfolded = block.replace(/\n[ \t]+/g, ' ');
	for (const line of unfolded.split('\n')) {
		const colon = line.indexOf(':');
		if (colon <= 0) continue;
		const name = line.slice(0, colon).trim().toLowerCase();
		const value = line.slice(colon + 1).trim();
		headers.set(name, headers.has(name) ? `${headers.get(name)}, ${value}` : value);
	}
	return headers;
}

function parseContentType(value: string | undefined): {
	type: string;
	params: Map<string, string>;
} {
	const [type = 'text/plain', ...rest] = (value ?? 'text/plain').split(';');
	const params = new Map<string, string>();
	for (const param of rest) {
		const equals = param.indexOf('=');
		if (equals < 0) continue;
		const name = param.slice(0, equals).trim().toLowerCase();
		const raw = param.slice(equals + 1).trim();
		params.set(name, raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw);
	}
	return { type: type.trim().toLowerCase(), params };
}

function decodeQuotedPrintable(text: string): string {
	const bytes: number[] = [];
	const joined = text.replace(/=\n/g, '');
	for (let i = 0; i < joined.length; i++) {
		const char = joined[i] ?? '';
		const hex = joined.slice(i + 1, i + 3);
		if (char === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
			bytes.push(parseInt(hex, 16));
			i += 2;
		} else {
			bytes.push(...Buffer.from(char, 'utf8'));
		}
	}
	return Buffer.from(bytes).toString('utf8');
}

function decodeBody(body: string, encoding: string | undefined): string {
	switch ((encoding ?? '7bit').toLowerCase()) {
		case 'base64':
			return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
		case 'quoted-printable':
			return decodeQuotedPrintable(body);
		default:
			return body;
	}
}

/** Parses a whole message (or one part of it). */
export function parseMime(raw: string): MimePart {
	const text = raw.replace(/\r\n/g, '\n');
	const split = text.indexOf('\n\n');
	const headerBlock = split < 0 ? text : text.slice(0, split);
	const content = split < 0 ? '' : text.slice(split + 2);
	const headers = parseHeaders(headerBlock);
	const { type, params } = parseContentType(headers.get('content-type'));
	const boundary = params.get('boundary');
	if (type.startsWith('multipart/') && boundary) {
		const parts: MimePart[] = [];
		const sections = content.split(`--${boundary}`);
		// Before the first boundary is the preamble; from the closing '--' on, the epilogue.
		for (const section of sections.slice(1)) {
			if (section.startsWith('--')) break;
			parts.push(parseMime(section.replace(/^\n/, '').replace(/\n$/, '')));
		}
		return { headers, type, params, body: '', parts };
	}
	return {
		headers,
		type,
		params,
		body: decodeBody(content, headers.get('content-transfer-encoding')),
		parts: []
	};
}

/** Every leaf part, depth first. */
export function leafParts(part: MimePart): MimePart[] {
	return part.parts.length === 0 ? [part] : part.parts.flatMap(leafParts);
}

/** The first leaf of a media type, or undefined. */
export function findPart(message: MimePart, type: string): MimePart | undefined {
	return leafParts(message).find((part) => part.type === type);
}

/** A readable email: headers, the plain text and the calendar part nodemailer attaches. */
export interface ReadableEmail {
	messageId: string;
	subject: string;
	to: string;
	text: string;
	/** The text/calendar alternative, with its METHOD parameter, when there is one. */
	calendar: { method: string; content: string } | null;
	mime: MimePart;
}

export function readEmail(raw: string): ReadableEmail {
	const mime = parseMime(raw);
	const text = findPart(mime, 'text/plain');
	const calendar = findPart(mime, 'text/calendar');
	return {
		messageId: mime.headers.get('message-id') ?? '',
		subject: mime.headers.get('subject') ?? '',
		to: mime.headers.get('to') ?? '',
		text: text?.body ?? '',
		calendar: calendar
			? { method: calendar.params.get('method') ?? '', content: calendar.body }
			: null,
		mime
	};
}
