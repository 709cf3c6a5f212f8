import { describe, expect, it } from 'vitest';
import { parseForm } from '../intake/form-values';
import {
	checkInFormSchema,
	nprsFormSchema,
	pegFormSchema,
	psfsFollowUpFormSchema,
	psfsGoalsFormSchema,
	psfsScoreField
} from './scale-forms';

const errorsOf = (result: ReturnType<typeof parseForm>) => (result.ok ? {} : result.errors);

describe('nprsFormSchema', () => {
	it('reads "7" as a score of 7, trimming and taking the first of repeated values', () => {
		expect(nprsFormSchema.parse({ nprs: '7' })).toEqual({ scale: 'nprs', score: 7 });
		expect(nprsFormSchema.parse({ nprs: ' 10 ' }).score).toBe(10);
		expect(nprsFormSchema.parse({ nprs: ['3', '9'] }).score).toBe(3);
	});

	it('refuses blanks, fractions, words and numbers off the scale, with the question in the message', () => {
		for (const nprs of [undefined, '', '11', '-1', '5.5', 'seven', '07']) {
			const result = parseForm(nprsFormSchema, nprs === undefined ? {} : { nprs });
			expect(result.ok).toBe(false);
			expect(errorsOf(result).nprs).toMatch(/0 to 10 for how much pain you have right now/);
		}
	});
});

describe('pegFormSchema', () => {
	it('scores the three items', () => {
		expect(
			pegFormSchema.parse({ 'peg-pain': '6', 'peg-enjoyment': '7', 'peg-activity': '6' })
		).toMatchObject({ scale: 'peg', score: 6.3 });
	});

	it('reports every missing item next to its own field', () => {
		const result = parseForm(pegFormSchema, { 'peg-pain': '4' });
		expect(Object.keys(errorsOf(result)).sort()).toEqual(['peg-activity', 'peg-enjoyment']);
	});
});

describe('psfsGoalsFormSchema', () => {
	const rows = (entries: Record<number, [string, string]>) =>
		Object.fromEntries(
			Object.entries(entries).flatMap(([row, [activity, score]]) => [
				[`psfs-activity-${row}`, activity],
				[`psfs-score-${row}`, score]
			])
		);

	it('reads three named and rated activities', () => {
		const parsed = psfsGoalsFormSchema.parse(
			rows({ 1: ['Walking the dog', '3'], 2: ['  Gardening  ', '2'], 3: ['Sleeping', '6'] })
		);
		expect(parsed.activities).toEqual([
			{ id: 'activity-1', name: 'Walking the dog', score: 3 },
			{ id: 'activity-2', name: 'Gardening', score: 2 },
			{ id: 'activity-3', name: 'Sleeping', score: 6 }
		]);
		expect(parsed.score).toBe(3.7);
	});

	it('keeps the row number as the id when rows are skipped', () => {
		const parsed = psfsGoalsFormSchema.parse(
			rows({ 1: ['Lifting', '4'], 3: ['Driving   far', '5'], 5: ['Golf', '0'] })
		);
		expect(parsed.activities.map((activity) => activity.id)).toEqual([
			'activity-1',
			'activity-3',
			'activity-5'
		]);
		expect(parsed.activities[1]?.name).toBe('Driving far');
	});

	it('fewer than three activities: one message at the first empty row', () => {
		const result = parseForm(psfsGoalsFormSchema, rows({ 1: ['Lifting', '4'], 3: ['Golf', '2'] }));
		expect(errorsOf(result)).toEqual({
			'psfs-activity-2': 'Please name at least 3 activities that your pain makes hard.'
		});
	});

	it('a named activity needs a rating and a rating needs a name, reported together', () => {
		const result = parseForm(
			psfsGoalsFormSchema,
			rows({ 1: ['Lifting', ''], 2: ['', '5'], 3: ['Golf', '2'], 4: ['Sitting', '12'] })
		);
		expect(Object.keys(errorsOf(result)).sort()).toEqual([
			'psfs-activity-2',
			'psfs-score-1',
			'psfs-score-4'
		]);
	});

	it('refuses an overlong activity name', () => {
		const result = parseForm(
			psfsGoalsFormSchema,
			rows({ 1: ['x'.repeat(101), '4'], 2: ['Golf', '2'], 3: ['Sitting', '1'] })
		);
		expect(errorsOf(result)['psfs-activity-1']).toMatch(/under 100 characters/);
	});
});

describe('psfsFollowUpFormSchema', () => {
	const activities = [
		{ id: 'activity-1', name: 'Lifting' },
		{ id: 'activity-3', name: 'Driving' },
		{ id: 'activity-5', name: 'Golf' }
	];

	it('rates the intake activities in the fields named after their rows', () => {
		expect(activities.map(psfsScoreField)).toEqual([
			'psfs-score-1',
			'psfs-score-3',
			'psfs-score-5'
		]);
		const parsed = psfsFollowUpFormSchema(activities).parse({
			'psfs-score-1': '6',
			'psfs-score-3': '7',
			'psfs-score-5': '5'
		});
		expect(parsed.score).toBe(6);
		expect(parsed.activities.map((activity) => activity.name)).toEqual([
			'Lifting',
			'Driving',
			'Golf'
		]);
	});

	it('names the activity in the message of a missing rating', () => {
		const result = parseForm(psfsFollowUpFormSchema(activities), {
			'psfs-score-1': '6',
			'psfs-score-5': '5'
		});
		expect(errorsOf(result)).toEqual({
			'psfs-score-3':
				'Please choose a number from 0 to 10 for how well you can do this now: Driving.'
		});
	});
});

describe('checkInFormSchema', () => {
	it('records NPRS and PEG, and no PSFS when it is not due', () => {
		expect(
			checkInFormSchema(null).parse({
				nprs: '5',
				'peg-pain': '5',
				'peg-enjoyment': '4',
				'peg-activity': '6'
			})
		).toEqual({
			nprs: { scale: 'nprs', score: 5 },
			peg: {
				scale: 'peg',
				items: { 'peg-pain': 5, 'peg-enjoyment': 4, 'peg-activity': 6 },
				score: 5
			},
			psfs: null
		});
	});

	it('reports every missing answer at once, PSFS included when due', () => {
		const activities = [1, 2, 3].map((n) => ({ id: `activity-${n}`, name: `A${n}` }));
		const result = parseForm(checkInFormSchema(activities), {
			'peg-pain': '5',
			'peg-enjoyment': '4',
			'psfs-score-1': '1',
			'psfs-score-2': '2'
		});
		expect(Object.keys(errorsOf(result)).sort()).toEqual(['nprs', 'peg-activity', 'psfs-score-3']);
	});
});
