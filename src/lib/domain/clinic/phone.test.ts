import { describe, expect, it } from 'vitest';
import { displayPhone, parsePhone, telHref } from './phone';

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
	it('stores North American numbers however staff type them', () => {
		for (const typed of ['(414) 555-0142', '414.555.0142', '+1 414 555 0142', '1-414-555-0142']) {
			expect(parsePhone(typed), typed).toBe('+1-414-555-0142');
		}
	});
	it('keeps international numbers as a plus and their digits', () => {
		expect(parsePhone('+44 20 7946 0000')).toBe('+442079460000');
	});
	it('refuses what nobody could dial', () => {
		for (const typed of [
			'',
			'555-0142',
			'(014) 555-0142',
			'414 155 0142',
			'call us',
			'+0 123 456 789'
		]) {
			expect(parsePhone(typed), typed).toBeNull();
		}
		expect(parsePhone('+1234567890123456')).toBeNull();
	});
});
