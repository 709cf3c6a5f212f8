import { describe, expect, it } from 'vitest';
import { cleanText, parseCleanJson, singleLine } from './clean-text';

describe('cleanText', () => {
	it('removes control characters nobody types, keeping tabs and line breaks', () => {
		expect(cleanText('Ann\u0000 Lee')).toBe('Ann Lee');
		expect(cleanText('Carl\u0007\u001b[31m Red\u007f\u0085')).toBe('Carl[31m Red');
		expect(cleanText('one\ttwo\r\nthree\n')).toBe('one\ttwo\r\nthree\n');
		expect(cleanText('x\ufffe\uffffy')).toBe('xy');
	});

	it('turns an unpaired surrogate into U+FFFD and keeps real pairs', () => {
		expect(cleanText('\ud800Bob\udfff')).toBe('\ufffdBob\ufffd');
		expect(cleanText('\u{1f469}\u200d\u{1f469}\u200d\u{1f467}')).toBe(
			'\u{1f469}\u200d\u{1f469}\u200d\u{1f467}'
		);
	});

	it('keeps letters, marks and the bidirectional controls of right-to-left text', () => {
		for (const text of ['Zoë Ångström', 'e\u0301', '\u202bשלום\u202c', '\u2067مرحبا\u2069', 'İß']) {
			expect(cleanText(text)).toBe(text);
		}
	});

	it('cleans the strings of a JSON body, escaped ones included', () => {
		expect(
			parseCleanJson('{"name":"Ann\\u0000 Lee","note":"\\ud800","a\\u0007":[1,"x\\u001b"]}')
		).toEqual({
			name: 'Ann Lee',
			note: '\ufffd',
			a: [1, 'x']
		});
	});
});

describe('singleLine', () => {
	it('makes every run of line breaks, tabs and separators one space', () => {
		expect(singleLine('Ann\r\nLee')).toBe('Ann Lee');
		expect(singleLine('Ann\nBcc: x@example.com')).toBe('Ann Bcc: x@example.com');
		expect(singleLine('a\tb\vc\fd\u2028e\u2029f')).toBe('a b c d e f');
		expect(singleLine('a\r\n\r\n\tb')).toBe('a b');
	});

	it('also removes what cleanText removes, and keeps letters and marks', () => {
		expect(singleLine('Zo\u00eb\u0000 \u00c5ngstr\u00f6m\u007f')).toBe(
			'Zo\u00eb \u00c5ngstr\u00f6m'
		);
		expect(singleLine('\u202b\u05e9\u05dc\u05d5\u05dd\u202c')).toBe(
			'\u202b\u05e9\u05dc\u05d5\u05dd\u202c'
		);
	});
});
