import { describe, expect, it } from 'vitest';
import { isSafeLink, isWebAddress, linkScheme } from './safe-links';

describe('isSafeLink', () => {
	it.each([
		'https://doi.org/10.7326/M16-2367',
		'http://example.org/a?b=c#d',
		'mailto:hello@clinic.example',
		'tel:+14145550123',
		'/book',
		'/conditions/back-pain#red-flags',
		'#ref-2',
		'../articles',
		'HTTPS://EXAMPLE.ORG'
	])('lets %s through', (url) => {
		expect(isSafeLink(url)).toBe(true);
	});

	it.each([
		'javascript:alert(1)',
		'JaVaScRiPt:alert(1)',
		' javascript:alert(1)',
		'\u0001javascript:alert(1)',
		'java\tscript:alert(1)',
		'java\nscript:alert(1)',
		'vbscript:msgbox(1)',
		'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
		'data:image/png;base64,iVBORw0KGgo=',
		'data:image/svg+xml,<svg onload=alert(1)>',
		'file:///etc/passwd',
		'ftp://example.org/file',
		'intent://scan#Intent;end'
	])('refuses %j', (url) => {
		expect(isSafeLink(url)).toBe(false);
	});

	it('reads the scheme the way a browser does', () => {
		expect(linkScheme('  JavaScript:x')).toBe('javascript');
		expect(linkScheme('/relative:colon')).toBeNull();
		expect(linkScheme('java%0Ascript:x')).toBeNull();
	});
});

describe('isWebAddress', () => {
	it.each(['https://doi.org/10.1002/14651858.CD013814', 'http://www.nice.org.uk/guidance/ng59'])(
		'accepts %s',
		(url) => {
			expect(isWebAddress(url)).toBe(true);
		}
	);

	it.each([
		'javascript:alert(1)',
		'JAVASCRIPT://example.org/%0Aalert(1)',
		'data:text/html,hi',
		'vbscript:x',
		'mailto:a@b.example',
		'//example.org/path',
		'/articles',
		'https://',
		'https:example.org',
		'https://exa mple.org',
		' https://example.org',
		'https://example.org/\n',
		'example.org'
	])('refuses %j', (url) => {
		expect(isWebAddress(url)).toBe(false);
	});
});
