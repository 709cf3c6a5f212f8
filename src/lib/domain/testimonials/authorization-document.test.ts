import { describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import {
	authorizationElements,
	authorizationExpiresOn,
	authorizationKeepUntil,
	authorizationTextProblems,
	authorizationTextToHash,
	defaultAuthorizationDocument
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

describe('authorizationTextProblems', () => {
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
