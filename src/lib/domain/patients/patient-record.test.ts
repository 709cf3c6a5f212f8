import { describe, expect, it } from 'vitest';
import { contactEditSchema, preferencesEditSchema } from './patient-record';

describe('preferencesEditSchema', () => {
	it('reads ticked checkboxes as on and missing ones as off', () => {
		expect(
			preferencesEditSchema.parse({ reminderEmail: 'yes', preferredContact: 'phone' })
		).toEqual({
			reminderEmail: true,
			preferredContact: 'phone',
			mayLeaveVoicemail: false,
			contactNote: null
		});
	});

	it('keeps a note trimmed and stores a blank one as none', () => {
		const parse = (contactNote: string) =>
			preferencesEditSchema.parse({ preferredContact: 'email', contactNote }).contactNote;
		expect(parse('  Call after 5pm ')).toBe('Call after 5pm');
		expect(parse('   ')).toBeNull();
	});

	it('refuses an unknown way of contact and an overlong note', () => {
		const result = preferencesEditSchema.safeParse({
			preferredContact: 'pigeon',
			contactNote: 'x'.repeat(201)
		});
		expect(result.success).toBe(false);
		expect(result.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual([
			'contactNote',
			'preferredContact'
		]);
	});
});

describe('contactEditSchema', () => {
	it('applies the booking rules to name, email and phone only', () => {
		expect(
			contactEditSchema.parse({ name: ' Ann Lee ', email: 'ann@example.com', phone: '4145550123' })
		).toEqual({ name: 'Ann Lee', email: 'ann@example.com', phone: '4145550123' });
		expect(contactEditSchema.safeParse({ name: 'A', email: 'x', phone: '1' }).success).toBe(false);
	});
});
