import { describe, expect, it } from 'vitest';
import {
	meanScore,
	nprsItem,
	nprsScale,
	pegItems,
	pegScale,
	psfsAnchors,
	psfsDueAtVisit,
	psfsItem,
	psfsScale,
	scorePeg,
	scorePsfs
} from './scales';

const allText = [
	nprsScale,
	pegScale,
	psfsScale,
	nprsItem,
	...pegItems,
	psfsAnchors,
	psfsItem({ id: 'activity-1', name: 'Gardening' })
]
	.flatMap((entry) => Object.values(entry))
	.filter((value): value is string => typeof value === 'string')
	.join('\n');

describe('scale wording', () => {
	it('uses our own PEG wording, not the published items or anchors', () => {
		for (const phrase of [
			'what number best describes',
			'on average in the past week',
			'interfered with your enjoyment of life',
			'interfered with your general activity',
			'pain as bad as you can imagine',
			'does not interfere',
			'completely interferes'
		]) {
			expect(allText.toLowerCase()).not.toContain(phrase);
		}
	});

	it('PEG end points keep the published meaning: no pain / worst imaginable; no interference / complete', () => {
		const [pain, enjoyment, activity] = pegItems;
		expect(pain.lowAnchor).toBe('0: no pain');
		expect(pain.highAnchor).toMatch(/^10: the worst pain you can imagine$/);
		for (const item of [enjoyment, activity]) {
			expect(item.question).toMatch(/get in the way/);
			expect(item.lowAnchor).toMatch(/^0: it did not get in the way$/);
			expect(item.highAnchor).toMatch(/^10: it got in the way completely$/);
		}
		// The earlier anchors moved the end points away from the scale's meaning (issue 14).
		for (const old of [
			'spoil',
			'as bad as pain can be',
			'could not do them at all',
			'not at all'
		]) {
			expect(pegItems.map((item) => Object.values(item).join(' ')).join(' ')).not.toContain(old);
		}
		expect(pegScale.source).toMatch(/adapted from the PEG/);
	});

	it('ships no items of licensed instruments (ODI, PROMIS, STarT Back)', () => {
		expect(allText).not.toMatch(/oswestry|\bODI\b|\bPROMIS\b|STarT Back|bothersomeness/i);
	});

	it('PEG asks about pain, enjoyment of life and general activity over the last week', () => {
		expect(pegItems.map((item) => item.id)).toEqual(['peg-pain', 'peg-enjoyment', 'peg-activity']);
		for (const item of pegItems) expect(item.question).toMatch(/last 7 days/);
	});

	it('every item has a question and anchors for 0 and 10; the NPRS field is "nprs"', () => {
		for (const item of [nprsItem, ...pegItems, psfsItem({ id: 'activity-2', name: 'Lifting' })]) {
			expect(item.question.length).toBeGreaterThan(10);
			expect(item.lowAnchor).toMatch(/^0: /);
			expect(item.highAnchor).toMatch(/^10: /);
		}
		expect(nprsItem.id).toBe('nprs');
	});

	it('PSFS repeats the activity in the patient’s own words', () => {
		expect(psfsItem({ id: 'activity-3', name: 'Playing with my grandchildren' })).toMatchObject({
			id: 'activity-3',
			question: 'How well can you do this today: Playing with my grandchildren?'
		});
	});

	it('pain scales run lower-is-better, the function scale higher-is-better', () => {
		expect([nprsScale.lowerIsBetter, pegScale.lowerIsBetter, psfsScale.lowerIsBetter]).toEqual([
			true,
			true,
			false
		]);
	});
});

describe('meanScore', () => {
	it('keeps one decimal: 6, 7, 6 is 6.3', () => {
		expect(meanScore([6, 7, 6])).toBe(6.3);
		expect(meanScore([5, 5, 6])).toBe(5.3);
		expect(meanScore([7, 5, 6])).toBe(6);
	});

	it('rounds a half tenth up: 3, 4, 4, 4 is 3.8', () => {
		expect(meanScore([3, 4, 4, 4])).toBe(3.8);
	});

	it('covers both ends of the scale', () => {
		expect(meanScore([0, 0, 0])).toBe(0);
		expect(meanScore([10, 10, 10])).toBe(10);
	});

	it('refuses fractions, scores off the scale and an empty list', () => {
		expect(() => meanScore([5.5])).toThrow(RangeError);
		expect(() => meanScore([11])).toThrow(RangeError);
		expect(() => meanScore([-1])).toThrow(RangeError);
		expect(() => meanScore([])).toThrow(RangeError);
	});
});

describe('scorePeg and scorePsfs', () => {
	it('PEG score is the mean of its three items', () => {
		expect(scorePeg({ 'peg-pain': 8, 'peg-enjoyment': 6, 'peg-activity': 7 })).toEqual({
			scale: 'peg',
			items: { 'peg-pain': 8, 'peg-enjoyment': 6, 'peg-activity': 7 },
			score: 7
		});
	});

	it('PSFS score is the mean of the activities', () => {
		const response = scorePsfs([
			{ id: 'activity-1', name: 'Walking the dog', score: 3 },
			{ id: 'activity-2', name: 'Gardening', score: 2 },
			{ id: 'activity-3', name: 'Sleeping through', score: 6 }
		]);
		expect(response.score).toBe(3.7);
		expect(response.activities).toHaveLength(3);
	});

	it('PSFS needs 3 to 5 activities', () => {
		const activity = (n: number) => ({ id: `activity-${n}`, name: `A${n}`, score: 5 });
		expect(() => scorePsfs([1, 2].map(activity))).toThrow(RangeError);
		expect(() => scorePsfs([1, 2, 3, 4, 5, 6].map(activity))).toThrow(RangeError);
		expect(scorePsfs([1, 2, 3, 4, 5].map(activity)).score).toBe(5);
	});
});

describe('psfsDueAtVisit', () => {
	it('is due at every fourth visit', () => {
		expect([1, 2, 3, 4, 5, 8, 12].map(psfsDueAtVisit)).toEqual([
			false,
			false,
			false,
			true,
			false,
			true,
			true
		]);
	});

	it('refuses a visit number below 1', () => {
		expect(() => psfsDueAtVisit(0)).toThrow(RangeError);
	});
});
