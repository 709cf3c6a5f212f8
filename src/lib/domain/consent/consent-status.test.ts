import { describe, expect, it } from 'vitest';
import { consentState, describeConsentForPatient, describeConsentForStaff } from './consent-status';

describe('consentState', () => {
	it('is not signed without a signature, whatever the current version', () => {
		expect(consentState(null, null)).toBe('not_signed');
		expect(consentState(null, 3)).toBe('not_signed');
	});

	it('is signed when the patient signed the current version (or a later one)', () => {
		expect(consentState(2, 2)).toBe('signed');
		expect(consentState(3, 2)).toBe('signed');
	});

	it('is an older version once the owner published a newer text', () => {
		expect(consentState(1, 2)).toBe('older_version');
	});
});

describe('describeConsentForStaff', () => {
	const signed = { version: 1, date: 'March 3, 2027' };

	it('names the version and the day, or says what is missing', () => {
		expect(describeConsentForStaff('signed', signed, 1)).toBe('signed (version 1, March 3, 2027)');
		expect(describeConsentForStaff('not_signed', null, 1)).toBe('not signed');
		expect(describeConsentForStaff('older_version', signed, 2)).toBe(
			'signed an older version (version 1, March 3, 2027); version 2 is not signed yet'
		);
	});
});

describe('describeConsentForPatient', () => {
	it('tells the patient what is done and what is asked of them', () => {
		const signed = { version: 2, date: 'March 3, 2027' };
		expect(describeConsentForPatient('signed', signed)).toBe(
			'Signed on March 3, 2027 (version 2).'
		);
		expect(describeConsentForPatient('not_signed', null)).toMatch(/sign before your visit/);
		expect(describeConsentForPatient('older_version', signed)).toMatch(
			/updated the form since you signed it on March 3, 2027.*sign the new version before your next visit/
		);
	});
});
