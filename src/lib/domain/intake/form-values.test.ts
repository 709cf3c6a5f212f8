import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
	allValues,
	checkboxField,
	firstValue,
	formSchema,
	isoDateField,
	optionalText,
	parseForm,
	plainDateOrNull,
	scoreField
} from './form-values';

describe('firstValue and allValues', () => {
	it('firstValue takes a string or the first of several, like FormData.get', () => {
		expect(firstValue('a')).toBe('a');
		expect(firstValue(['b', 'c'])).toBe('b');
		expect(firstValue(undefined)).toBeUndefined();
		expect(firstValue([])).toBeUndefined();
		expect(firstValue(3)).toBeUndefined();
	});

	it('allValues drops blanks and reads one ticked box sent as a string', () => {
		expect(allValues('a')).toEqual(['a']);
		expect(allValues(['a', ' ', 'b'])).toEqual(['a', 'b']);
		expect(allValues(undefined)).toEqual([]);
	});
});

describe('field helpers', () => {
	it('scoreField accepts whole numbers 0 to 10 only', () => {
		const field = scoreField('0 to 10 please');
		expect(['0', '10', ' 4 '].map((value) => field.parse(value))).toEqual([0, 10, 4]);
		for (const bad of ['', '11', '4.5', '1e1', '-0', undefined]) {
			expect(field.safeParse(bad).success).toBe(false);
		}
	});

	it('optionalText stores blank as null', () => {
		const field = optionalText(5, 'too long');
		expect(field.parse('  ')).toBeNull();
		expect(field.parse(undefined)).toBeNull();
		expect(field.parse(' ab ')).toBe('ab');
		expect(field.safeParse('abcdef').error?.issues[0]?.message).toBe('too long');
	});

	it('checkboxField keeps list order and drops duplicates', () => {
		const field = checkboxField(['a', 'b', 'c'], 'unknown');
		expect(field.parse(['c', 'a', 'c'])).toEqual(['a', 'c']);
		expect(field.safeParse(['a', 'z']).success).toBe(false);
	});

	it('isoDateField refuses impossible dates', () => {
		const field = isoDateField({ required: 'required', invalid: 'invalid' });
		expect(field.parse('2028-02-29')).toBe('2028-02-29');
		expect(field.safeParse('2027-02-29').error?.issues[0]?.message).toBe('invalid');
		expect(field.safeParse('').error?.issues[0]?.message).toBe('required');
		expect(plainDateOrNull('2027-13-01')).toBeNull();
	});
});

describe('formSchema and parseForm', () => {
	const schema = formSchema((form) => {
		const answer = form.field('answer', z.preprocess(firstValue, z.enum(['yes', 'no'])), 'no');
		const detail = firstValue(form.values.detail)?.trim() ?? '';
		if (answer === 'yes' && detail === '') form.fail('detail', 'Please say more.');
		return { answer, detail };
	});

	it('returns the data when every rule passes', () => {
		expect(parseForm(schema, { answer: 'yes', detail: 'x' })).toEqual({
			ok: true,
			data: { answer: 'yes', detail: 'x' }
		});
	});

	it('keys errors by field name, first message per field', () => {
		const result = parseForm(schema, { answer: 'maybe' });
		expect(result.ok).toBe(false);
		expect(result.ok ? null : Object.keys(result.errors)).toEqual(['answer']);
		expect(parseForm(schema, { answer: 'yes' })).toEqual({
			ok: false,
			errors: { detail: 'Please say more.' }
		});
	});
});
