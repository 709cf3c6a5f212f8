import { describe, expect, it } from 'vitest';
import { foldCalendar, unfoldCalendar } from './calendar-lines';

describe('calendar content lines', () => {
	it('folds at 75 octets without splitting a character', () => {
		const line = `DESCRIPTION:${'é'.repeat(60)}`;
		const folded = foldCalendar(line);
		for (const part of folded.split('\r\n'))
			expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75);
		expect(unfoldCalendar(folded)).toBe(line);
	});

	it('counts a four-octet character as four, and the continuation space as one', () => {
		const line = `SUMMARY:${'🌿'.repeat(30)}`;
		const parts = foldCalendar(line).split('\r\n');
		expect(parts.length).toBeGreaterThan(1);
		expect(parts.slice(1).every((part) => part.startsWith(' '))).toBe(true);
		for (const part of parts) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75);
		expect(unfoldCalendar(parts.join('\r\n'))).toBe(line);
	});

	it('refolds lines folded by characters and keeps short lines as they are', () => {
		const byCharacters = `SUMMARY:${'ø'.repeat(66)}\r\n ${'ø'.repeat(20)}\r\nEND:VEVENT`;
		const refolded = foldCalendar(byCharacters);
		expect(refolded.endsWith('\r\nEND:VEVENT')).toBe(true);
		for (const part of refolded.split('\r\n'))
			expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75);
		expect(unfoldCalendar(refolded)).toBe(`SUMMARY:${'ø'.repeat(86)}\r\nEND:VEVENT`);
	});
});
