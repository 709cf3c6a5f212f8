import { describe, expect, it } from 'vitest';
import {
	authorizationElementHeadings,
	authorizationElements,
	defaultAuthorizationDocument
} from './authorization-document';
import {
	authorizationAgreement,
	authorizationConfirmationEmail,
	type AuthorizationCopy,
	newFeedbackNoticeEmail,
	revocationConfirmationEmail
} from './authorization-emails';
import { incentiveWording } from './invitation-email';

describe('authorization emails', () => {
	const text = defaultAuthorizationDocument('Cedar Acupuncture', 2);
	const copy: AuthorizationCopy = {
		clinicName: 'Cedar Acupuncture',
		displayName: 'Ann L.',
		document: {
			title: text.title,
			version: 2,
			textHash: 'a'.repeat(64),
			sections: authorizationElements.map((element) => ({
				heading: authorizationElementHeadings[element],
				text: text[element]
			}))
		},
		feedback: {
			rating: 2,
			words: 'Kind staff.\nMy neck is only a little better.',
			conditionName: 'Neck pain',
			givenOn: 'March 14, 2027'
		},
		disclosure: null,
		signedOn: 'March 15, 2027',
		typedName: 'ann lee',
		representative: null,
		expiresOn: 'March 14, 2030',
		revokeLink: 'https://clinic.example/testimonials/revoke/abc'
	};
	const confirmation = authorizationConfirmationEmail(copy);

	it('carries the revoke link, the shown name and the end date', () => {
		expect(confirmation.text).toContain('https://clinic.example/testimonials/revoke/abc');
		expect(confirmation.text).toContain('"Ann L."');
		expect(confirmation.text).toContain('March 14, 2030');
		expect(confirmation.text).toContain('version 2');
	});

	it('is a full copy of what was signed (45 CFR 164.508(c)(4)): every element word for word', () => {
		for (const element of authorizationElements) {
			expect(confirmation.text).toContain(authorizationElementHeadings[element].toUpperCase());
			expect(confirmation.text).toContain(text[element]);
		}
		expect(confirmation.text).toContain(text.title);
		expect(confirmation.text).toContain(`(SHA-256): ${'a'.repeat(64)}`);
	});

	it('says what was allowed, when and with what name it was signed', () => {
		expect(confirmation.text).toContain('Rating: 2 out of 5\n');
		expect(confirmation.text).toContain('"Kind staff.\nMy neck is only a little better."');
		expect(confirmation.text).toContain('About: Neck pain');
		expect(confirmation.text).toContain('Given on: March 14, 2027');
		expect(confirmation.text).toContain('Connection shown beside the words: none');
		expect(confirmation.text).toContain(
			`Signed on March 15, 2027 by typing the name "ann lee" and ticking "${authorizationAgreement}".`
		);
		expect(confirmation.text).not.toMatch(/representative for the patient/);
	});

	it('names a representative’s authority when one signed', () => {
		const signed = authorizationConfirmationEmail({
			...copy,
			typedName: 'Mary Lee',
			representative: { authority: 'Parent of a child under 18' },
			disclosure: 'Family of a staff member'
		}).text;
		expect(signed).toContain(
			'by a personal representative for the patient, typing the name "Mary Lee"'
		);
		expect(signed).toContain(
			'Authority to act for the patient, as stated: Parent of a child under 18'
		);
		expect(signed).toContain('Connection shown beside the words: Family of a staff member');
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
