import { describe, expect, it } from 'vitest';
import { adaptShippedText, namesDemoClinic } from './shipped-content';

const clinic = { name: 'Lakeside Acupuncture', phone: '(608) 555-0100' };

describe('adaptShippedText', () => {
	it("puts the clinic's name and phone where the demo's were", () => {
		const text = 'At Harbor Lantern Acupuncture we ask first. Call (414) 555-0142.';
		const adapted = adaptShippedText(text, clinic);
		expect(adapted).toBe('At Lakeside Acupuncture we ask first. Call (608) 555-0100.');
		expect(namesDemoClinic(adapted)).toBe(false);
	});

	it("links to the booking page without the demo's service", () => {
		expect(adaptShippedText('[book a visit](/book?service=initial-acupuncture)', clinic)).toBe(
			'[book a visit](/book)'
		);
	});
});
