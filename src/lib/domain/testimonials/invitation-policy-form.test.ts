import { describe, expect, it } from 'vitest';
import {
	describeInvitationPolicy,
	ordinal,
	parseInvitationPolicyForm,
	visitNumberOptions
} from './invitation-policy-form';

describe('parseInvitationPolicyForm', () => {
	it('reads ticked visits, the end of a course and the share', () => {
		expect(
			parseInvitationPolicyForm({
				'after-visit': ['6', '3', '3'],
				'at-course-end': 'yes',
				'sample-percent': ' 50 '
			})
		).toEqual({
			ok: true,
			data: { afterVisitNumbers: [3, 6], atCourseEnd: true, samplePercent: 50 }
		});
		expect(parseInvitationPolicyForm({ 'after-visit': '3', 'sample-percent': '100%' })).toEqual({
			ok: true,
			data: { afterVisitNumbers: [3], atCourseEnd: false, samplePercent: 100 }
		});
		expect(parseInvitationPolicyForm({ 'sample-percent': '0' })).toEqual({
			ok: true,
			data: { afterVisitNumbers: [], atCourseEnd: false, samplePercent: 0 }
		});
	});

	it('refuses a share outside 0 to 100, a fraction or no share, next to the field', () => {
		for (const [text, message] of [
			['101', /0 to 100/],
			['-5', /0 to 100/],
			['', /0 to 100/],
			['abc', /0 to 100/],
			['12.5', /whole/]
		] as const) {
			const result = parseInvitationPolicyForm({ 'sample-percent': text });
			expect(result.ok, text).toBe(false);
			if (!result.ok) expect(result.errors['sample-percent'], text).toMatch(message);
		}
	});

	it('refuses visit numbers that are not on the list', () => {
		for (const visits of [
			['three'],
			['0'],
			['101'],
			Array.from({ length: 11 }, (_, i) => `${i + 1}`)
		]) {
			const result = parseInvitationPolicyForm({ 'after-visit': visits, 'sample-percent': '100' });
			expect(result.ok, visits.join()).toBe(false);
			if (!result.ok) expect(Object.keys(result.errors)).toEqual(['after-visit']);
		}
	});
});

describe('describeInvitationPolicy', () => {
	it('says the policy in a sentence', () => {
		expect(
			describeInvitationPolicy({ afterVisitNumbers: [3], atCourseEnd: true, samplePercent: 100 })
		).toBe(
			'Every patient is invited after the 3rd completed visit, and at the end of a course of visits.'
		);
		expect(
			describeInvitationPolicy({
				afterVisitNumbers: [1, 2, 12],
				atCourseEnd: false,
				samplePercent: 40
			})
		).toBe(
			'A fixed random 40% of visits invite the patient after the 1st, 2nd and 12th completed visit.'
		);
		expect(
			describeInvitationPolicy({ afterVisitNumbers: [], atCourseEnd: false, samplePercent: 100 })
		).toBe('Nobody is invited to give feedback.');
		expect(
			describeInvitationPolicy({ afterVisitNumbers: [3], atCourseEnd: true, samplePercent: 0 })
		).toBe('Nobody is invited to give feedback.');
	});
});

describe('visitNumberOptions and ordinal', () => {
	it('offers 1 to 12 and keeps any other stored number', () => {
		expect(visitNumberOptions([3])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
		expect(visitNumberOptions([20, 3])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 20]);
	});
	it('writes English ordinals', () => {
		expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101].map(ordinal)).toEqual([
			'1st',
			'2nd',
			'3rd',
			'4th',
			'11th',
			'12th',
			'13th',
			'21st',
			'22nd',
			'101st'
		]);
	});
});
