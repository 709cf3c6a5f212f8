import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	assessChange,
	changeThresholds,
	meaningfulChangeRules,
	startedNearBest
} from './meaningful-change';
import type { ScaleId } from './scales';

const verdict = (scale: ScaleId, baseline: number | null, followUp: number | null) =>
	assessChange(scale, baseline, followUp).verdict;

describe('assessChange: NPRS (at least 2 points, lower is better)', () => {
	it('a fall of 2 points is an improvement: 8 -> 6', () => {
		expect(assessChange('nprs', 8, 6)).toEqual({
			scale: 'nprs',
			verdict: 'improved',
			baseline: 8,
			followUp: 6,
			change: -2,
			improvement: 2,
			startedNearBest: false
		});
	});

	it('a fall of 1 point from 8 (12.5%) is not', () => {
		expect(verdict('nprs', 8, 7)).toBe('no_meaningful_change');
	});

	it('the points rule on its own: 2 points from 10 (only 20%) counts, 1.9 points does not', () => {
		expect(verdict('nprs', 10, 8)).toBe('improved');
		expect(verdict('nprs', 10, 8.1)).toBe('no_meaningful_change');
	});

	it('30% alone is no longer enough: 5 -> 3.5 (30%, 1.5 points), 6 -> 4.2 (30%, 1.8 points)', () => {
		expect(verdict('nprs', 5, 3.5)).toBe('no_meaningful_change');
		expect(verdict('nprs', 6, 4.2)).toBe('no_meaningful_change');
		expect(verdict('nprs', 4, 2.8)).toBe('no_meaningful_change');
	});

	it('a 1-point drop from 3 (33%) is not an improvement: the patient started near the best end', () => {
		expect(assessChange('nprs', 3, 2)).toMatchObject({
			verdict: 'started_near_best',
			startedNearBest: true
		});
	});

	it('the near-best rule on its own: from 3 or less nothing counts as improved, from 3.1 it can', () => {
		expect(verdict('nprs', 3, 0)).toBe('started_near_best');
		expect(verdict('nprs', 2, 2)).toBe('started_near_best');
		expect(verdict('nprs', 0, 0)).toBe('started_near_best');
		expect(verdict('nprs', 3.1, 1.1)).toBe('improved');
		expect(assessChange('nprs', 3.1, 2.1).startedNearBest).toBe(false);
	});

	it('a patient who started near the best end and got meaningfully worse is reported worse', () => {
		expect(assessChange('nprs', 2, 4)).toMatchObject({
			verdict: 'worsened',
			startedNearBest: true
		});
		expect(verdict('nprs', 0, 2)).toBe('worsened');
		expect(verdict('nprs', 0, 1)).toBe('started_near_best');
	});

	it('a rise of 2 points is a worsening: 5 -> 7; a rise of 1 is not: 4 -> 5', () => {
		expect(verdict('nprs', 5, 7)).toBe('worsened');
		expect(verdict('nprs', 4, 5)).toBe('no_meaningful_change');
	});

	it('an equal follow-up is no change, with a change of 0 (not -0)', () => {
		const same = assessChange('nprs', 6, 6);
		expect(same.verdict).toBe('no_meaningful_change');
		expect(Object.is(same.change, 0)).toBe(true);
		expect(Object.is(same.improvement, 0)).toBe(true);
	});
});

describe('assessChange: PEG (1 point, lower is better)', () => {
	it('6.3 -> 5.3 is exactly one point, despite floating point', () => {
		expect(assessChange('peg', 6.3, 5.3)).toMatchObject({ verdict: 'improved', change: -1 });
	});

	it('6.3 -> 5.4 is not', () => {
		expect(verdict('peg', 6.3, 5.4)).toBe('no_meaningful_change');
	});

	it('5 -> 6 is a worsening', () => {
		expect(verdict('peg', 5, 6)).toBe('worsened');
	});

	it('a first score of 3 or less is reported apart: 3 -> 2 and 3 -> 1 are not counted improved', () => {
		expect(verdict('peg', 3, 2)).toBe('started_near_best');
		expect(verdict('peg', 3, 1)).toBe('started_near_best');
		expect(verdict('peg', 3.3, 2.3)).toBe('improved');
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

	it('a first score of 7 or more (little limitation) is reported apart', () => {
		expect(verdict('psfs', 7, 9)).toBe('started_near_best');
		expect(verdict('psfs', 6.9, 8.9)).toBe('improved');
		expect(verdict('psfs', 8, 6)).toBe('worsened');
	});
});

describe('meaningfulChangeRules sources', () => {
	it('PEG: the 1 point is our own choice, not credited to Krebs 2009 (which reports none)', () => {
		const source = meaningfulChangeRules.peg.source;
		expect(source).toMatch(/our own choice/);
		expect(source).toMatch(/Krebs et al\. 2009, who developed the PEG, report no threshold/);
		expect(source).not.toMatch(/Krebs et al\. 2009: a change of about 1 point/);
	});

	it('PSFS: about 2 points, with the systematic review it is within', () => {
		expect(meaningfulChangeRules.psfs.source).toMatch(/about 2 points/);
		expect(meaningfulChangeRules.psfs.source).toMatch(
			/Horn et al\. 2012, J Orthop Sports Phys Ther/
		);
	});

	it('NPRS: 2 points from Ostelo 2008, and says why 30% is not used', () => {
		expect(meaningfulChangeRules.nprs.source).toMatch(/at least 2 points \(Ostelo et al\. 2008/);
		expect(meaningfulChangeRules.nprs.source).toMatch(/30% is not used/);
	});

	it('every rule says the near-best reporting is our choice', () => {
		for (const rule of Object.values(meaningfulChangeRules)) {
			expect(rule.source).toMatch(/reported apart: our choice/);
		}
	});
});

describe('startedNearBest', () => {
	it('is 3 or less for pain, 7 or more for activities', () => {
		expect([3, 3.1].map((score) => startedNearBest('nprs', score))).toEqual([true, false]);
		expect([3, 3.1].map((score) => startedNearBest('peg', score))).toEqual([true, false]);
		expect([6.9, 7].map((score) => startedNearBest('psfs', score))).toEqual([false, true]);
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
			improvement: null,
			startedNearBest: false
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
	it('NPRS 8: improved at 6 or lower, worse at 10', () => {
		expect(changeThresholds('nprs', 8)).toEqual({ improvedAt: 6, worsenedAt: 10 });
	});

	it('NPRS 5: improved at 3 or lower (2 points; no 30% line any more)', () => {
		expect(changeThresholds('nprs', 5)).toEqual({ improvedAt: 3, worsenedAt: 7 });
	});

	it('NPRS 3 or less: no improvement line (reported apart); NPRS 9 cannot worsen by 2', () => {
		expect(changeThresholds('nprs', 3)).toEqual({ improvedAt: null, worsenedAt: 5 });
		expect(changeThresholds('nprs', 0)).toEqual({ improvedAt: null, worsenedAt: 2 });
		expect(changeThresholds('nprs', 9).worsenedAt).toBeNull();
	});

	it('PSFS runs upwards', () => {
		expect(changeThresholds('psfs', 4)).toEqual({ improvedAt: 6, worsenedAt: 2 });
		expect(changeThresholds('psfs', 7)).toEqual({ improvedAt: null, worsenedAt: 5 });
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
					const expected = worsened
						? 'worsened'
						: improved
							? 'improved'
							: startedNearBest(scale, baseline)
								? 'started_near_best'
								: 'no_meaningful_change';
					expect(verdict(scale, baseline, followUp)).toBe(expected);
				}
			),
			{ numRuns: 2000 }
		);
	});
});
