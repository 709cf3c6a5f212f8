import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessChange, changeThresholds } from './meaningful-change';
import type { ScaleId } from './scales';

const verdict = (scale: ScaleId, baseline: number | null, followUp: number | null) =>
	assessChange(scale, baseline, followUp).verdict;

describe('assessChange: NPRS (2 points or 30%, lower is better)', () => {
	it('a fall of 2 points is an improvement: 8 -> 6', () => {
		expect(assessChange('nprs', 8, 6)).toEqual({
			scale: 'nprs',
			verdict: 'improved',
			baseline: 8,
			followUp: 6,
			change: -2,
			improvement: 2
		});
	});

	it('a fall of 1 point from 8 (12.5%) is not', () => {
		expect(verdict('nprs', 8, 7)).toBe('no_meaningful_change');
	});

	it('a fall of 1 point from 3 (33%) is, by the 30% rule', () => {
		expect(verdict('nprs', 3, 2)).toBe('improved');
	});

	it('exactly 30% counts: 10 -> 7', () => {
		expect(verdict('nprs', 10, 7)).toBe('improved');
	});

	it('just under 30% with under 2 points does not: 6 -> 5 (16.7%), 5 -> 4 (20%)', () => {
		expect(verdict('nprs', 6, 5)).toBe('no_meaningful_change');
		expect(verdict('nprs', 5, 4)).toBe('no_meaningful_change');
	});

	it('a rise of 2 points is a worsening: 5 -> 7', () => {
		expect(verdict('nprs', 5, 7)).toBe('worsened');
	});

	it('worsening uses points only: 3 -> 4 is 33% worse but not meaningful', () => {
		expect(verdict('nprs', 3, 4)).toBe('no_meaningful_change');
	});

	it('baseline 0 cannot improve; staying at 0 is no change, rising by 2 is worse', () => {
		expect(verdict('nprs', 0, 0)).toBe('no_meaningful_change');
		expect(verdict('nprs', 0, 1)).toBe('no_meaningful_change');
		expect(verdict('nprs', 0, 2)).toBe('worsened');
	});

	it('an equal follow-up is no change, with a change of 0 (not -0)', () => {
		const same = assessChange('nprs', 6, 6);
		expect(same.verdict).toBe('no_meaningful_change');
		expect(Object.is(same.change, 0)).toBe(true);
		expect(Object.is(same.improvement, 0)).toBe(true);
	});
});

describe('assessChange: PEG (about 1 point, lower is better)', () => {
	it('6.3 -> 5.3 is exactly one point, despite floating point', () => {
		expect(assessChange('peg', 6.3, 5.3)).toMatchObject({ verdict: 'improved', change: -1 });
	});

	it('6.3 -> 5.4 is not', () => {
		expect(verdict('peg', 6.3, 5.4)).toBe('no_meaningful_change');
	});

	it('5 -> 6 is a worsening', () => {
		expect(verdict('peg', 5, 6)).toBe('worsened');
	});
});

describe('assessChange: PSFS (2 points, higher is better)', () => {
	it('a rise of 2 is an improvement and a fall of 2 a worsening', () => {
		expect(assessChange('psfs', 3, 5)).toMatchObject({ verdict: 'improved', improvement: 2 });
		expect(assessChange('psfs', 5.3, 3.3)).toMatchObject({ verdict: 'worsened', change: -2 });
	});

	it('a rise of 1.9 is not', () => {
		expect(verdict('psfs', 3.3, 5.2)).toBe('no_meaningful_change');
	});
});

describe('assessChange: missing and bad scores', () => {
	it('a missing baseline or follow-up is "not enough data", never "no change"', () => {
		expect(assessChange('nprs', null, 4)).toEqual({
			scale: 'nprs',
			verdict: 'not_enough_data',
			baseline: null,
			followUp: 4,
			change: null,
			improvement: null
		});
		expect(verdict('peg', 4, null)).toBe('not_enough_data');
		expect(assessChange('psfs', undefined, undefined).verdict).toBe('not_enough_data');
	});

	it('throws on a score off the scale: that is a bug, not data', () => {
		expect(() => assessChange('nprs', 11, 4)).toThrow(RangeError);
		expect(() => assessChange('nprs', 4, -1)).toThrow(RangeError);
		expect(() => assessChange('peg', Number.NaN, 4)).toThrow(RangeError);
	});
});

describe('changeThresholds', () => {
	it('NPRS 8: improved at 6 or lower (2 points beats 30%), worse at 10', () => {
		expect(changeThresholds('nprs', 8)).toEqual({ improvedAt: 6, worsenedAt: 10 });
	});

	it('NPRS 5: improved at 3.5 or lower (30% beats 2 points)', () => {
		expect(changeThresholds('nprs', 5)).toEqual({ improvedAt: 3.5, worsenedAt: 7 });
	});

	it('NPRS 0 cannot improve; NPRS 9 cannot worsen by 2 on the scale', () => {
		expect(changeThresholds('nprs', 0)).toEqual({ improvedAt: null, worsenedAt: 2 });
		expect(changeThresholds('nprs', 9).worsenedAt).toBeNull();
	});

	it('PSFS runs upwards', () => {
		expect(changeThresholds('psfs', 4)).toEqual({ improvedAt: 6, worsenedAt: 2 });
		expect(changeThresholds('psfs', 9)).toEqual({ improvedAt: null, worsenedAt: 7 });
	});

	it('agrees with assessChange for every baseline and follow-up (in tenths)', () => {
		const tenths = fc.integer({ min: 0, max: 100 }).map((n) => n / 10);
		fc.assert(
			fc.property(
				fc.constantFrom<ScaleId>('nprs', 'peg', 'psfs'),
				tenths,
				tenths,
				(scale, baseline, followUp) => {
					const { improvedAt, worsenedAt } = changeThresholds(scale, baseline);
					const lowerIsBetter = scale !== 'psfs';
					const beyond = (line: number | null, direction: 'down' | 'up') =>
						line !== null && (direction === 'down' ? followUp <= line : followUp >= line);
					const improved = beyond(improvedAt, lowerIsBetter ? 'down' : 'up');
					const worsened = beyond(worsenedAt, lowerIsBetter ? 'up' : 'down');
					const expected = improved ? 'improved' : worsened ? 'worsened' : 'no_meaningful_change';
					expect(verdict(scale, baseline, followUp)).toBe(expected);
				}
			),
			{ numRuns: 2000 }
		);
	});
});
