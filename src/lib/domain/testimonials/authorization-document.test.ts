import { describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import {
	authorizationElements,
	authorizationExpiresOn,
	authorizationKeepUntil,
	authorizationTextProblems,
	authorizationTextToHash,
	defaultAuthorizationDocument,
	legacyAuthorizationTextFormat,
	type AuthorizationDocument
} from './authorization-document';

const document = defaultAuthorizationDocument('Lakeside Acupuncture');
const date = (iso: string) => Temporal.PlainDate.from(iso);

describe('defaultAuthorizationDocument', () => {
	it('has every HIPAA element and passes the check', () => {
		for (const element of authorizationElements) expect(document[element].trim()).not.toBe('');
		expect(authorizationTextProblems(document)).toEqual([]);
	});

	it('names the clinic, and says treatment does not depend on signing and how to revoke', () => {
		expect(document.title).toContain('Lakeside Acupuncture');
		expect(document.treatmentNotConditioned).toMatch(/do not depend/);
		expect(document.rightToRevoke).toMatch(/revoke/);
		expect(document.rightToRevoke).toMatch(/link/);
		expect(document.expiry).toMatch(/3 years/);
	});
});

/**
 * The default text clinics signed before issue 14 (version 1 as shipped): no redisclosure
 * statement, and nothing about a representative's authority. Stored versions read a missing
 * element as empty.
 */
const firstDefault: AuthorizationDocument = {
	...document,
	wherePublished:
		'On the Lakeside Acupuncture website, on the testimonials page and on the page of the condition you named. Anyone on the internet can read them, and we cannot control copies others make.',
	redisclosure: '',
	signatureStatement:
		'By typing your full name and ticking the box, you sign this permission. We keep a copy with the date and time, and you may ask us for a copy at any time.'
};

describe('authorizationTextProblems', () => {
	it('refuses the first default text: no redisclosure statement, no representative authority', () => {
		const problems = authorizationTextProblems(firstDefault);
		expect(problems.map((problem) => problem.element)).toEqual([
			'redisclosure',
			'signatureStatement'
		]);
		expect(problems[1]?.message).toMatch(/representative[\s\S]*authority/);
	});

	it('refuses a redisclosure statement that does not say the words leave the privacy rules', () => {
		const problems = authorizationTextProblems({
			...document,
			redisclosure: 'Anyone may copy and share your words once they are on the website.'
		});
		expect(problems).toEqual([
			{
				element: 'redisclosure',
				message:
					'Say that once published, the words are no longer protected by the federal privacy rules (HIPAA).'
			}
		]);
		expect(
			authorizationTextProblems({
				...document,
				redisclosure: 'Your words will no longer be protected by the privacy rules.'
			}).map((problem) => problem.message)
		).toEqual([expect.stringMatching(/copy and pass them on/)]);
	});

	it('refuses a signature statement without its date or a representative’s authority', () => {
		const problems = authorizationTextProblems({
			...document,
			signatureStatement: 'Type your full name to sign.'
		});
		expect(problems.map((problem) => problem.message)).toEqual([
			'Say that the signature is kept with its date.',
			expect.stringMatching(/personal representative .* authority .*164\.508\(c\)\(1\)\(vi\)/)
		]);
	});

	it('names each missing element', () => {
		const problems = authorizationTextProblems({ ...document, rightToRevoke: '  ', purpose: '' });
		expect(problems.map((problem) => problem.element)).toEqual(['purpose', 'rightToRevoke']);
	});

	it('refuses an element that does not say what it must', () => {
		const problems = authorizationTextProblems({
			...document,
			treatmentNotConditioned: 'Signing is up to you.'
		});
		expect(problems.map((problem) => problem.element)).toEqual(['treatmentNotConditioned']);
	});

	it('refuses a validity the expiry text does not state', () => {
		const problems = authorizationTextProblems({ ...document, validForYears: 5 });
		expect(problems.map((problem) => problem.element)).toEqual(['validForYears']);
		expect(authorizationTextProblems({ ...document, validForYears: 0 })).toHaveLength(1);
	});
});

describe('authorizationTextToHash', () => {
	it('hashes a version from before the redisclosure element as it was hashed when signed', () => {
		const hashed = JSON.parse(authorizationTextToHash(firstDefault)) as unknown[];
		expect(hashed[0]).toBe(legacyAuthorizationTextFormat);
		// Format, version, title, validity and the seven elements of the time.
		expect(hashed).toHaveLength(4 + 7);
		expect(JSON.parse(authorizationTextToHash(document))).toHaveLength(4 + 8);
	});

	it('is the same for CRLF and LF line endings', () => {
		const crlf = { ...document, purpose: 'To help.\r\nPlainly.' };
		const lf = { ...document, purpose: 'To help.\nPlainly.' };
		expect(authorizationTextToHash(crlf)).toBe(authorizationTextToHash(lf));
	});

	it('changes with any element, the version and the validity', () => {
		const base = authorizationTextToHash(document);
		expect(authorizationTextToHash({ ...document, version: 2 })).not.toBe(base);
		expect(authorizationTextToHash({ ...document, validForYears: 2 })).not.toBe(base);
		for (const element of authorizationElements) {
			expect(authorizationTextToHash({ ...document, [element]: `${document[element]} ` })).not.toBe(
				base
			);
		}
	});

	it('cannot be forged by moving text between fields', () => {
		const a = { ...document, purpose: 'A', expiry: 'B C' };
		const b = { ...document, purpose: 'A B', expiry: 'C' };
		expect(authorizationTextToHash(a)).not.toBe(authorizationTextToHash(b));
	});

	it('refuses a version that is not a whole number from 1', () => {
		expect(() => authorizationTextToHash({ ...document, version: 0 })).toThrow(RangeError);
	});
});

describe('retention', () => {
	it('an authorization ends the day before the anniversary of signing', () => {
		expect(authorizationExpiresOn(date('2027-03-15'), document).toString()).toBe('2030-03-14');
	});

	it('is kept six years after it was last in effect', () => {
		expect(
			authorizationKeepUntil({
				signedOn: date('2027-03-15'),
				expiresOn: date('2030-03-14'),
				revokedOn: null
			}).toString()
		).toBe('2036-03-14');
	});

	it('is kept six years after a revocation, when that came first', () => {
		expect(
			authorizationKeepUntil({
				signedOn: date('2027-03-15'),
				expiresOn: date('2030-03-14'),
				revokedOn: date('2028-01-10')
			}).toString()
		).toBe('2034-01-10');
	});

	it('is never kept less than six years from signing', () => {
		expect(
			authorizationKeepUntil({
				signedOn: date('2027-03-15'),
				expiresOn: date('2030-03-14'),
				revokedOn: date('2027-03-15')
			}).toString()
		).toBe('2033-03-15');
	});

	it('moves 29 February to 28 February', () => {
		expect(
			authorizationKeepUntil({
				signedOn: date('2024-02-29'),
				expiresOn: date('2024-02-29'),
				revokedOn: null
			}).toString()
		).toBe('2030-02-28');
	});
});
