import { describe, expect, it } from 'vitest';
import { feedbackInvitationEmail, incentiveWording } from './invitation-email';

describe('feedbackInvitationEmail', () => {
	const email = feedbackInvitationEmail('Lakeside Acupuncture', 'https://clinic.example/f/abc', 30);

	it('names the clinic and carries the link', () => {
		expect(email.subject).toContain('Lakeside Acupuncture');
		expect(email.text).toContain('https://clinic.example/f/abc');
	});

	it('offers no incentive and does not ask for good reviews only', () => {
		expect(email.subject).not.toMatch(incentiveWording);
		expect(email.text).not.toMatch(incentiveWording);
		expect(email.text).toContain('good or bad');
	});

	it('says nothing about a visit, condition or practitioner', () => {
		expect(email.text).not.toMatch(/\b(?:pain|back|neck|appointment on|practitioner|treated)\b/i);
	});

	it('the incentive check catches the usual wording', () => {
		for (const text of ['Get 10% off', 'a $20 voucher', 'Leave a 5-star review', 'win a prize']) {
			expect(text).toMatch(incentiveWording);
		}
	});
});
