import { describe, expect, it } from 'vitest';
import {
	authorizationConfirmationEmail,
	newFeedbackNoticeEmail,
	revocationConfirmationEmail
} from './authorization-emails';
import { incentiveWording } from './invitation-email';

describe('authorization emails', () => {
	const confirmation = authorizationConfirmationEmail({
		clinicName: 'Cedar Acupuncture',
		displayName: 'Ann L.',
		documentTitle: 'Permission to publish',
		documentVersion: 2,
		signedOn: 'March 15, 2027',
		expiresOn: 'March 14, 2030',
		revokeLink: 'https://clinic.example/testimonials/revoke/abc'
	});

	it('carries the revoke link, the shown name and the end date', () => {
		expect(confirmation.text).toContain('https://clinic.example/testimonials/revoke/abc');
		expect(confirmation.text).toContain('"Ann L."');
		expect(confirmation.text).toContain('March 14, 2030');
		expect(confirmation.text).toContain('version 2');
	});

	it('offers nothing in return', () => {
		for (const email of [
			confirmation,
			revocationConfirmationEmail({ clinicName: 'Cedar', revokedOn: 'May 1, 2027' }),
			newFeedbackNoticeEmail({ clinicName: 'Cedar', link: 'https://clinic.example/admin' })
		]) {
			expect(email.text).not.toMatch(incentiveWording);
			expect(email.subject).not.toMatch(incentiveWording);
		}
	});
});
