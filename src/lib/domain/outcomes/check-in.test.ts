import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { redFlagQuestions } from '../intake/red-flags';
import { conditionSetIds } from '../intake/red-flag-sets';
import {
	checkInRedFlagSets,
	checkInWindow,
	checkInWindowState,
	parseVisitCheckIn,
	psfsActivitiesFromItems,
	visitNeedsReview,
	visitNumber
} from './check-in';
import { psfsDueAtVisit } from './scales';

const zone = 'America/Chicago';
const at = (iso: string) => Temporal.Instant.from(iso);
// Monday 15 March 2027, 9:00 am in Chicago (CDT, UTC-5).
const start = at('2027-03-15T14:00:00Z');

const allNo = Object.fromEntries(redFlagQuestions.map((question) => [question.id, 'no']));
const scores = { nprs: '6', 'peg-pain': '6', 'peg-enjoyment': '5', 'peg-activity': '7' };
const activities = [
	{ id: 'activity-1', name: 'Walking the dog' },
	{ id: 'activity-2', name: 'Gardening' },
	{ id: 'activity-3', name: 'Sleeping through' }
];

describe('checkInWindow', () => {
	it('opens 48 hours before the visit and closes at midnight after the visit day, clinic time', () => {
		const window = checkInWindow(start, zone);
		expect(window.opensAt.toString()).toBe('2027-03-13T14:00:00Z');
		expect(window.closesAt.toString()).toBe('2027-03-16T05:00:00Z');
	});

	it('ends the visit day by the clinic clock on a daylight-saving day', () => {
		// Sunday 14 March 2027 is the spring-forward day in Chicago.
		const window = checkInWindow(at('2027-03-14T16:00:00Z'), zone);
		expect(window.closesAt.toString()).toBe('2027-03-15T05:00:00Z');
	});
});

describe('checkInWindowState', () => {
	const booked = { start, status: 'booked' };

	it('is not yet open 48 hours and a second before, open from 48 hours before', () => {
		expect(checkInWindowState(booked, zone, at('2027-03-13T13:59:59Z'))).toBe('not_yet');
		expect(checkInWindowState(booked, zone, at('2027-03-13T14:00:00Z'))).toBe('open');
	});

	it('stays open after the visit until the end of its day, then closes', () => {
		expect(checkInWindowState(booked, zone, at('2027-03-16T04:59:59Z'))).toBe('open');
		expect(checkInWindowState(booked, zone, at('2027-03-16T05:00:00Z'))).toBe('closed');
	});

	it('is open for an arrived or completed visit, closed for a cancelled one or a no-show', () => {
		const now = at('2027-03-15T13:00:00Z');
		expect(checkInWindowState({ start, status: 'arrived' }, zone, now)).toBe('open');
		expect(checkInWindowState({ start, status: 'completed' }, zone, now)).toBe('open');
		expect(checkInWindowState({ start, status: 'cancelled' }, zone, now)).toBe('closed');
		expect(checkInWindowState({ start, status: 'no_show' }, zone, now)).toBe('closed');
	});
});

describe('visitNumber', () => {
	it('counts attended earlier visits from one, and asks PSFS at the fourth', () => {
		expect(visitNumber(0)).toBe(1);
		expect([0, 1, 2, 3, 4, 7].map((n) => psfsDueAtVisit(visitNumber(n)))).toEqual([
			false,
			false,
			false,
			true,
			false,
			true
		]);
	});

	it('refuses a count that is not a whole number from 0', () => {
		expect(() => visitNumber(-1)).toThrow(RangeError);
		expect(() => visitNumber(1.5)).toThrow(RangeError);
	});
});

describe('psfsActivitiesFromItems', () => {
	it('reads the activities of a check-in, a bare list or an intake step', () => {
		const rated = activities.map((activity) => ({ ...activity, score: 4 }));
		expect(psfsActivitiesFromItems({ activities: rated })).toEqual(activities);
		expect(psfsActivitiesFromItems(rated)).toEqual(activities);
		expect(psfsActivitiesFromItems({ psfs: { activities: rated } })).toEqual(activities);
	});

	it('gives null for anything that cannot be scored as PSFS', () => {
		expect(psfsActivitiesFromItems(null)).toBeNull();
		expect(psfsActivitiesFromItems({ nprs: 5 })).toBeNull();
		expect(psfsActivitiesFromItems(activities.slice(0, 2))).toBeNull();
		expect(psfsActivitiesFromItems([...activities, { id: 'bad', name: 'x' }])).toBeNull();
		expect(psfsActivitiesFromItems([...activities, { id: 'activity-4', name: ' ' }])).toBeNull();
	});
});

describe('parseVisitCheckIn', () => {
	it('reads NPRS, PEG and a red-flag screening without PSFS when it is not due', () => {
		const result = parseVisitCheckIn({ ...scores, ...allNo }, null);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.data.nprs.score).toBe(6);
		expect(result.data.peg.score).toBe(6);
		expect(result.data.psfs).toBeNull();
		expect(result.data.redFlags.screening.outcome).toBe('none');
	});

	it('rates the named activities when PSFS is due', () => {
		const result = parseVisitCheckIn(
			{ ...scores, ...allNo, 'psfs-score-1': '4', 'psfs-score-2': '5', 'psfs-score-3': '5' },
			activities
		);
		expect(result.ok && result.data.psfs?.score).toBe(4.7);
	});

	it('reports every missing answer, red flags included, next to its field', () => {
		const result = parseVisitCheckIn({ nprs: '3' }, activities);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(Object.keys(result.errors)).toEqual(
			expect.arrayContaining(['peg-pain', 'psfs-score-1', 'urination', 'cancer-history'])
		);
		// Age and a lifelong pattern mean nothing as a change, so a check-in does not ask them.
		expect(Object.keys(result.errors)).not.toContain('morning-stiffness');
		expect(Object.keys(result.errors)).not.toContain('age-over-50');
		expect(result.redFlags).toBeNull();
	});

	it('returns complete red-flag answers with the errors, so an emergency is not held up', () => {
		const result = parseVisitCheckIn({ ...allNo, incontinence: 'yes' }, null);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.redFlags?.screening.outcome).toBe('emergency');
	});
});

describe('the check-in asks the sets of the reason for the visit', () => {
	it('without a health form, every set is asked, never the back set alone (hazard H6a)', () => {
		expect(checkInRedFlagSets(null)).toEqual({ sets: [...conditionSetIds], reasonKnown: false });
		expect(checkInRedFlagSets(undefined).sets).toContain('headache');
	});

	it('with a health form, the reasons it gave choose the sets', () => {
		const pain = { regions: ['head'], onset: '2027-01-04', duration: 'chronic' as const, weeks: 9 };
		expect(checkInRedFlagSets({ ...pain, reasons: ['headache', 'neck'] })).toEqual({
			sets: ['neck', 'headache'],
			reasonKnown: true
		});
		expect(checkInRedFlagSets({ ...pain, reasons: ['digestive'] }).sets).toEqual(['digestive']);
	});

	it('a headache patient answers the headache questions, not the back ones', () => {
		const result = parseVisitCheckIn({ nprs: '3' }, null, ['headache']);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(Object.keys(result.errors)).toContain('headache-sudden-worst');
		expect(Object.keys(result.errors)).not.toContain('urination');
	});

	it('a yes at a check-in counts as a change: an emergency sign is an emergency', () => {
		const headacheNo = { 'headache-sudden-worst': 'no', 'headache-fever-stiff-neck': 'no' };
		const result = parseVisitCheckIn(
			{
				...scores,
				...headacheNo,
				'headache-new-weakness': 'yes',
				'headache-head-injury': 'no',
				'headache-jaw-scalp': 'no',
				'headache-new-pattern': 'no',
				'headache-strain': 'no',
				'headache-cancer-immune': 'no'
			},
			null,
			['headache']
		);
		expect(result.ok && result.data.redFlags.screening.outcome).toBe('emergency');
	});
});

describe('visitNeedsReview', () => {
	it('flags a visit for every warning sign, the emergency tier included', () => {
		const parse = (yes: string | null) =>
			parseVisitCheckIn({ ...scores, ...allNo, ...(yes ? { [yes]: 'yes' } : {}) }, null);
		const outcome = (yes: string | null) => {
			const result = parse(yes);
			if (!result.ok) throw new Error('expected a complete check-in');
			return visitNeedsReview(result.data.redFlags.screening);
		};
		expect(outcome(null)).toBe(false);
		expect(outcome('urination')).toBe(true);
		expect(outcome('fever')).toBe(true);
		expect(outcome('cancer-history')).toBe(true);
	});
});
