import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { legacyEntryLabels, parseLegacyEntry, parseLegacyWithdrawal } from './legacy-entry';

const today = Temporal.PlainDate.from('2027-03-15');
const options = { today, conditionSlugs: ['low-back-pain', 'headache'] };

const valid = {
	'display-name': ' Maria   G. ',
	rating: '2',
	words: 'The needles helped a little, but the waiting room was cold and I waited 30 minutes.',
	condition: 'low-back-pain',
	'given-on': '2025-06-01',
	'signed-on': '2025-06-10',
	'expires-on': '2028-06-09',
	connection: 'none',
	'connection-description': '',
	attest: 'yes'
};

const errorsOf = (values: Record<string, string>) => {
	const result = parseLegacyEntry(values, options);
	if (result.ok) throw new Error('expected errors');
	return result.errors;
};

describe('parseLegacyEntry', () => {
	it('reads a testimonial from a paper authorization, critical ones included', () => {
		expect(parseLegacyEntry(valid, options)).toEqual({
			ok: true,
			data: {
				displayName: 'Maria G.',
				rating: 2,
				words: valid.words,
				conditionSlug: 'low-back-pain',
				givenOn: '2025-06-01',
				signedOn: '2025-06-10',
				expiresOn: '2028-06-09',
				disclosure: { kind: 'none' }
			}
		});
	});

	it('refuses it without the attestation that the signed authorization is on file', () => {
		expect(errorsOf({ ...valid, attest: '' })).toEqual({
			attest: expect.stringMatching(/on file/)
		});
		expect(errorsOf({ ...valid, attest: 'no' })).toHaveProperty('attest');
		const { attest: _attest, ...without } = valid;
		expect(errorsOf(without)).toHaveProperty('attest');
	});

	it('needs an end date after signing, at most ten years on, and not already passed', () => {
		const { 'expires-on': _expires, ...noEnd } = valid;
		expect(errorsOf(noEnd)).toHaveProperty('expires-on');
		expect(errorsOf({ ...valid, 'expires-on': '2025-06-10' })['expires-on']).toMatch(
			/after the day it was signed/
		);
		expect(errorsOf({ ...valid, 'expires-on': '2035-06-11' })['expires-on']).toMatch(/10 years/);
		expect(errorsOf({ ...valid, 'expires-on': '2027-03-14' })['expires-on']).toMatch(/ended/);
		expect(parseLegacyEntry({ ...valid, 'expires-on': '2027-03-15' }, options).ok).toBe(true);
		expect(parseLegacyEntry({ ...valid, 'expires-on': '2035-06-10' }, options).ok).toBe(true);
	});

	it('refuses dates in the future, impossible dates, and signing before the words were given', () => {
		expect(errorsOf({ ...valid, 'given-on': '2027-03-16' })['given-on']).toMatch(/future/);
		expect(errorsOf({ ...valid, 'signed-on': '2027-03-16' })['signed-on']).toMatch(/future/);
		expect(errorsOf({ ...valid, 'given-on': '2025-02-30' })['given-on']).toMatch(/date such as/);
		expect(errorsOf({ ...valid, 'signed-on': 'June 10' })['signed-on']).toMatch(/date such as/);
		expect(errorsOf({ ...valid, 'signed-on': '2025-05-31' })['signed-on']).toMatch(/on or after/);
		expect(
			parseLegacyEntry({ ...valid, 'given-on': '2027-03-15', 'signed-on': '2027-03-15' }, options)
				.ok
		).toBe(true);
	});

	it('reports every problem at once, each under its field', () => {
		const errors = errorsOf({
			rating: '0',
			words: 'short',
			condition: 'knees',
			connection: 'other'
		});
		expect(Object.keys(errors).sort()).toEqual(
			[
				'display-name',
				'rating',
				'words',
				'condition',
				'given-on',
				'signed-on',
				'expires-on',
				'connection-description',
				'attest'
			].sort()
		);
		for (const field of Object.keys(errors)) expect(legacyEntryLabels).toHaveProperty(field);
	});

	it('keeps a connection, described when it is another one', () => {
		const result = parseLegacyEntry(
			{ ...valid, connection: 'other', 'connection-description': 'Landlord of the clinic' },
			options
		);
		expect(result.ok && result.data.disclosure).toEqual({
			kind: 'other',
			text: 'Landlord of the clinic'
		});
		expect(parseLegacyEntry({ ...valid, connection: 'staff_family' }, options)).toMatchObject({
			ok: true,
			data: { disclosure: { kind: 'staff_family' } }
		});
	});

	it('leaves the condition out when blank', () => {
		expect(parseLegacyEntry({ ...valid, condition: '' }, options)).toMatchObject({
			ok: true,
			data: { conditionSlug: null }
		});
	});
});

describe('parseLegacyWithdrawal', () => {
	it('needs a reason', () => {
		expect(parseLegacyWithdrawal({}).ok).toBe(false);
		expect(parseLegacyWithdrawal({ reason: '  Revoked by letter  ' })).toEqual({
			ok: true,
			data: { reason: 'Revoked by letter' }
		});
	});
});
