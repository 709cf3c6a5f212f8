/*
 * Bytes of an uploaded CSV file to text. Exports from other practice systems arrive as UTF-8
 * (often with a byte-order mark, as Excel writes it) or as Windows-1252 (older Windows
 * programs). A file that is valid UTF-8 is read as UTF-8; anything else as Windows-1252, which
 * maps every byte to some character, so reading never fails and the preview shows the result.
 */

export const encodingChoices = ['auto', 'utf-8', 'windows-1252'] as const;
export type EncodingChoice = (typeof encodingChoices)[number];
export type FileEncoding = 'utf-8' | 'windows-1252';

export const encodingLabels: Record<EncodingChoice, string> = {
	auto: 'Detect (UTF-8, else Windows-1252)',
	'utf-8': 'UTF-8',
	'windows-1252': 'Windows-1252 (Western European, older Windows programs)'
};

export interface DecodedFile {
	text: string;
	encoding: FileEncoding;
	/** Whether the file started with a UTF-8 byte-order mark (removed from `text`). */
	hadBom: boolean;
}

/** Decodes the file as chosen, or detects the encoding; never throws. */
export function decodeCsvBytes(bytes: Uint8Array, choice: EncodingChoice = 'auto'): DecodedFile {
	const hadBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
	const body = hadBom ? bytes.subarray(3) : bytes;
	if (choice === 'windows-1252') {
		return { text: decodeWindows1252(body), encoding: choice, hadBom };
	}
	try {
		const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
		return { text, encoding: 'utf-8', hadBom };
	} catch {
		if (choice === 'utf-8') {
			// Asked for UTF-8: keep it, with replacement characters the preview will show.
			return { text: new TextDecoder('utf-8').decode(body), encoding: 'utf-8', hadBom };
		}
		return { text: decodeWindows1252(body), encoding: 'windows-1252', hadBom };
	}
}

/*
 * Windows-1252 as the WHATWG Encoding Standard defines it: Latin-1, except bytes 0x80 to 0x9F,
 * which hold the euro sign, curly quotes and dashes. Written out here because Node's
 * TextDecoder reads the label "windows-1252" as plain Latin-1 and loses exactly those.
 */
const high = [
	0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152,
	0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122,
	0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178
];

/** Decodes Windows-1252 bytes; every byte maps to one character. */
export function decodeWindows1252(bytes: Uint8Array): string {
	let text = '';
	for (let start = 0; start < bytes.length; start += 8192) {
		const codes = Array.from(bytes.subarray(start, start + 8192), (byte) =>
			byte >= 0x80 && byte <= 0x9f ? (high[byte - 0x80] as number) : byte
		);
		text += String.fromCharCode(...codes);
	}
	return text;
}
