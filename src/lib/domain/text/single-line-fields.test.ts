import { describe, expect, it } from 'vitest';
import { contactDetailsSchema } from '../booking/contact-details';
import { preferencesEditSchema } from '../patients/patient-record';
import { clinicProfileForm } from '../settings/clinic-profile';
import { practitionerProfileForm } from '../settings/practitioner';

/*
 * The rule of clean-text.ts at the schemas: single-line fields (names, email, phone, titles)
 * come out on one line; multi-line fields (notes, descriptions, biographies) keep line breaks.
 */

describe('single-line fields', () => {
	it('hold no line break or tab in a booking’s contact details', () => {
		const parsed = contactDetailsSchema.parse({
			name: 'Ann\r\nLee\tSmith',
			email: ' ann@example.com\r\n',
			phone: '(414)\n555-0100',
			newPatient: true,
			note: 'Lower back.\nWorse in the morning.'
		});
		expect(parsed.name).toBe('Ann Lee Smith');
		expect(parsed.email).toBe('ann@example.com');
		expect(parsed.phone).toBe('(414) 555-0100');
		// The note is multi-line: its line break stays.
		expect(parsed.note).toBe('Lower back.\nWorse in the morning.');
	});

	it('refuse an email address with a header smuggled in after a line break', () => {
		const result = contactDetailsSchema.shape.email.safeParse(
			'ann@example.com\r\nBcc: x@evil.example'
		);
		expect(result.success).toBe(false);
	});

	it('hold no line break in the clinic’s settings, while descriptions keep theirs', () => {
		const parsed = clinicProfileForm.parse({
			name: 'Harbor\r\nLantern',
			tagline: 'Acupuncture\tand massage',
			phone: '(414) 555-0142',
			email: 'hello@example.com',
			description: 'First line of the description.\nSecond line of it.'
		});
		expect(parsed.name).toBe('Harbor Lantern');
		expect(parsed.tagline).toBe('Acupuncture and massage');
		expect(parsed.description).toBe('First line of the description.\nSecond line of it.');
	});

	it('hold no line break in a practitioner’s name and title; the biography keeps its paragraphs', () => {
		const result = practitionerProfileForm.safeParse({
			name: 'Mei\nLin',
			credentials: 'L.Ac.\r\n',
			title: 'Acupuncturist\u2028and herbalist',
			summary: 'Treats back pain and headaches.',
			bioMarkdown: 'Mei trained in Chengdu.\n\nShe treats back pain.',
			displayOrder: '1'
		});
		if (!result.success) throw new Error(JSON.stringify(result.error.issues));
		expect(result.data).toMatchObject({
			name: 'Mei Lin',
			credentials: 'L.Ac.',
			title: 'Acupuncturist and herbalist',
			bioMarkdown: 'Mei trained in Chengdu.\n\nShe treats back pain.'
		});
	});

	it('leave the front desk’s note about a patient multi-line', () => {
		const parsed = preferencesEditSchema.parse({
			preferredContact: 'phone',
			contactNote: 'Call after 5pm.\nDeaf in the left ear.'
		});
		expect(parsed.contactNote).toBe('Call after 5pm.\nDeaf in the left ear.');
	});
});
