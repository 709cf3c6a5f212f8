import { describe, expect, it } from 'vitest';
import { parseForm } from '../intake/form-values';
import {
	consentSignatureSchema,
	signatureMatchesName,
	signatureNameKey
} from './consent-signature';

describe('signatureMatchesName', () => {
	it('ignores case and whitespace', () => {
		expect(signatureMatchesName('  ann   LEE ', 'Ann Lee')).toBe(true);
		expect(signatureMatchesName('Mary Ann Lee', 'MaryAnn Lee')).toBe(true);
		expect(signatureMatchesName('Ann\tLee', 'Ann Lee')).toBe(true);
	});

	it('accepts the curly apostrophe and dash a phone keyboard types', () => {
		expect(signatureMatchesName('Siobhán O’Brien‐Smith', "Siobhán O'Brien-Smith")).toBe(true);
	});

	it('treats composed and decomposed accents alike', () => {
		expect(
			signatureMatchesName('Jose\u0301 Nu\u0303n\u0303ez'.normalize('NFD'), 'José Ñuñez')
		).toBe(false);
		expect(signatureMatchesName('Jose\u0301', 'José')).toBe(true);
	});

	it('refuses a different, partial or empty name', () => {
		expect(signatureMatchesName('Ann', 'Ann Lee')).toBe(false);
		expect(signatureMatchesName('Anne Lee', 'Ann Lee')).toBe(false);
		expect(signatureMatchesName('', '')).toBe(false);
		expect(signatureMatchesName('   ', 'Ann Lee')).toBe(false);
	});

	it('the key keeps letters that differ (no accent folding)', () => {
		expect(signatureNameKey('José')).not.toBe(signatureNameKey('Jose'));
	});
});

describe('consentSignatureSchema', () => {
	const schema = consentSignatureSchema('Ann Lee');

	it('a matching name and a ticked box sign, keeping the name as typed', () => {
		expect(parseForm(schema, { 'signature-name': ' ann lee ', agree: 'yes' })).toEqual({
			ok: true,
			data: { typedName: 'ann lee', agreed: true }
		});
	});

	it('reports a mismatch and a missing tick together, without repeating the name', () => {
		const result = parseForm(schema, { 'signature-name': 'Bob Lee' });
		expect(result).toEqual({
			ok: false,
			errors: {
				'signature-name':
					'The name you typed does not match the name we have for you. Please type your full name as shown above.',
				agree: 'Please tick the box to confirm that you agree to treatment.'
			}
		});
		expect(JSON.stringify(result)).not.toContain('Ann');
	});

	it('an empty name asks for the name', () => {
		expect(parseForm(schema, { agree: 'yes' })).toEqual({
			ok: false,
			errors: { 'signature-name': 'Please type your full name.' }
		});
	});

	it('a tick with any value other than "yes" is not agreement', () => {
		const result = parseForm(schema, { 'signature-name': 'Ann Lee', agree: 'on' });
		expect(result.ok).toBe(false);
	});
});
