import { describe, expect, it } from 'vitest';
import { defaultConsentDocument } from './consent-document';
import { consentTextFormat, consentTextToHash } from './canonical-text';

describe('consentTextToHash', () => {
	it('is a JSON array of format, version, title and body', () => {
		expect(consentTextToHash({ version: 2, title: 'Consent', bodyMarkdown: 'Read this.\n' })).toBe(
			'["clinic-consent-text/1",2,"Consent","Read this.\\n"]'
		);
		expect(consentTextFormat).toBe('clinic-consent-text/1');
	});

	it('is the same for the same document every time', () => {
		const document = defaultConsentDocument('Harbor Lantern Acupuncture');
		expect(consentTextToHash(document)).toBe(consentTextToHash({ ...document }));
	});

	it('CRLF or CR line endings and a byte-order mark do not change it', () => {
		const lf = consentTextToHash({ version: 1, title: 'T', bodyMarkdown: 'a\nb\n' });
		expect(consentTextToHash({ version: 1, title: 'T', bodyMarkdown: 'a\r\nb\r\n' })).toBe(lf);
		expect(consentTextToHash({ version: 1, title: 'T', bodyMarkdown: 'a\rb\r' })).toBe(lf);
		expect(consentTextToHash({ version: 1, title: 'T', bodyMarkdown: '\uFEFFa\nb\n' })).toBe(lf);
	});

	it('composed and decomposed accents give the same string', () => {
		expect(consentTextToHash({ version: 1, title: 'T', bodyMarkdown: 'Bäumler' })).toBe(
			consentTextToHash({ version: 1, title: 'T', bodyMarkdown: 'Ba\u0308umler' })
		);
	});

	it('any real edit changes it, trailing spaces included (a Markdown line break)', () => {
		const base = { version: 1, title: 'T', bodyMarkdown: 'a\nb' };
		const hash = consentTextToHash(base);
		expect(consentTextToHash({ ...base, bodyMarkdown: 'a  \nb' })).not.toBe(hash);
		expect(consentTextToHash({ ...base, version: 2 })).not.toBe(hash);
		expect(consentTextToHash({ ...base, title: 'T2' })).not.toBe(hash);
	});

	it('moving text between title and body cannot produce the same string', () => {
		expect(consentTextToHash({ version: 1, title: 'a\nb', bodyMarkdown: 'c' })).not.toBe(
			consentTextToHash({ version: 1, title: 'a', bodyMarkdown: 'b\nc' })
		);
	});

	it('refuses a version that is not a whole number from 1', () => {
		expect(() => consentTextToHash({ version: 0, title: 'T', bodyMarkdown: 'b' })).toThrow(
			RangeError
		);
		expect(() => consentTextToHash({ version: 1.5, title: 'T', bodyMarkdown: 'b' })).toThrow(
			RangeError
		);
	});
});
