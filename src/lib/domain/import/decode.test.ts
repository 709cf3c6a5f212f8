import { describe, expect, it } from 'vitest';
import { decodeCsvBytes, decodeWindows1252 } from './decode';

const utf8 = (text: string) => new TextEncoder().encode(text);
/** "Zoë Müller,café €5" as Windows-1252 writes it. */
const cp1252 = Uint8Array.from([
	0x5a, 0x6f, 0xeb, 0x20, 0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x2c, 0x63, 0x61, 0x66, 0xe9, 0x20,
	0x80, 0x35
]);

describe('decodeCsvBytes', () => {
	it('reads UTF-8', () => {
		expect(decodeCsvBytes(utf8('Zoë Müller,café €5'))).toEqual({
			text: 'Zoë Müller,café €5',
			encoding: 'utf-8',
			hadBom: false
		});
	});

	it('drops a UTF-8 byte-order mark so the first header is not misread', () => {
		const decoded = decodeCsvBytes(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8('name,email')]));
		expect(decoded).toEqual({ text: 'name,email', encoding: 'utf-8', hadBom: true });
	});

	it('reads a file that is not valid UTF-8 as Windows-1252, the euro sign included', () => {
		expect(decodeCsvBytes(cp1252)).toEqual({
			text: 'Zoë Müller,café €5',
			encoding: 'windows-1252',
			hadBom: false
		});
	});

	it('reads Windows-1252 when chosen, even where the bytes happen to be valid UTF-8', () => {
		expect(decodeCsvBytes(utf8('é'), 'windows-1252').text).toBe('Ã©');
	});

	it('keeps UTF-8 when chosen, showing unreadable bytes as replacement characters', () => {
		expect(decodeCsvBytes(cp1252, 'utf-8').text).toContain('\uFFFD');
	});
});

describe('decodeWindows1252', () => {
	it('maps the bytes 0x80 to 0x9F as the Encoding Standard does, and the rest as Latin-1', () => {
		expect(decodeWindows1252(Uint8Array.from([0x80, 0x93, 0x94, 0x96, 0x81, 0xe9, 0x41]))).toBe(
			'€“”–\u0081éA'
		);
	});
});
