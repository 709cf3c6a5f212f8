import { describe, expect, it } from 'vitest';
import { formatDuration, formatPrice } from './money';

describe('formatPrice', () => {
	it.each([
		[12000, '$120'],
		[8550, '$85.50'],
		[5, '$0.05']
	])('formats %i cents as %s', (cents, text) => expect(formatPrice(cents)).toBe(text));
});

describe('formatDuration', () => {
	it.each([
		[45, '45 minutes'],
		[60, '1 hour'],
		[90, '1 hour 30 minutes'],
		[120, '2 hours']
	])('formats %i minutes as %s', (minutes, text) => expect(formatDuration(minutes)).toBe(text));
});
