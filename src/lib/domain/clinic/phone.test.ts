import { describe, expect, it } from 'vitest';
import { displayPhone, telHref } from './phone';

describe('phone', () => {
	it('dials only digits and the leading plus', () => {
		expect(telHref('+1-414-555-0142')).toBe('tel:+14145550142');
	});
	it('shows North American numbers the way US patients read them', () => {
		expect(displayPhone('+1-414-555-0142')).toBe('(414) 555-0142');
		expect(displayPhone('414.555.0142')).toBe('(414) 555-0142');
	});
	it('leaves other numbers as stored', () => {
		expect(displayPhone('+44 20 7946 0000')).toBe('+44 20 7946 0000');
	});
});
