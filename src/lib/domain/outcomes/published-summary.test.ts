import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { clinicOutcomeReport, reportLimitations, type ScaleSummary } from './clinic-report';
import {
	countedUnderCurrentRule,
	describeMedian,
	describeScale,
	inclusionRule,
	outcomeSummarySnapshot,
	patientCount,
	readOutcomeSummary
} from './published-summary';

const scale = (overrides: Partial<ScaleSummary> = {}): ScaleSummary => ({
	withData: 3,
	improved: 1,
	noMeaningfulChange: 1,
	worsened: 1,
	startedNearBest: 0,
	startedNearBestWorsened: 0,
	missing: 1,
	medianChange: -1.5,
	...overrides
});

const report = {
	...clinicOutcomeReport([]),
	included: 4,
	nprs: scale(),
	peg: scale({ medianChange: 0.5 })
};

describe('outcomeSummarySnapshot', () => {
	it('keeps the counts, medians, limitations and date, and nothing else', () => {
		const snapshot = outcomeSummarySnapshot(report, Temporal.PlainDate.from('2027-03-15'));
		expect(snapshot).toEqual({
			computedOn: '2027-03-15',
			included: 4,
			minimumVisits: 4,
			nprs: scale(),
			peg: scale({ medianChange: 0.5 }),
			limitations: [...reportLimitations]
		});
	});

	it('reads back what it stored', () => {
		const snapshot = outcomeSummarySnapshot(report, Temporal.PlainDate.from('2027-03-15'));
		expect(readOutcomeSummary(JSON.stringify(snapshot))).toEqual(snapshot);
	});
});

describe('readOutcomeSummary', () => {
	const stored = outcomeSummarySnapshot(report, Temporal.PlainDate.from('2027-03-15'));

	it('refuses a stored summary with any field it does not expect, such as a patient id', () => {
		expect(readOutcomeSummary(JSON.stringify({ ...stored, patientIds: ['7'] }))).toBeNull();
		expect(
			readOutcomeSummary(JSON.stringify({ ...stored, nprs: { ...stored.nprs, names: [] } }))
		).toBeNull();
	});

	it('refuses text that is not a summary', () => {
		expect(readOutcomeSummary('not json')).toBeNull();
		expect(readOutcomeSummary('{}')).toBeNull();
		expect(readOutcomeSummary(JSON.stringify({ ...stored, computedOn: 'yesterday' }))).toBeNull();
	});
});

describe('describeMedian', () => {
	it('says a fall or a rise in points', () => {
		expect(describeMedian(scale({ medianChange: -2.5 }))).toBe(
			'Among the 3 patients who answered at least twice, the median change from first to last score was a fall of 2.5 points.'
		);
		expect(describeMedian(scale({ withData: 1, medianChange: 1 }))).toBe(
			'Among the 1 patient who answered at least twice, the median change from first to last score was a rise of 1 point.'
		);
	});

	it('says no change, and says so when nobody can be compared', () => {
		expect(describeMedian(scale({ medianChange: 0 }))).toMatch(/was no change\.$/);
		expect(describeMedian(scale({ withData: 0, medianChange: null }))).toBe(
			'Nobody answered often enough to compare a first and a last score.'
		);
	});
});

describe('describeScale', () => {
	it('puts every included patient in one of five groups, a low first score apart', () => {
		const description = describeScale(
			'nprs',
			scale({ improved: 5, missing: 2, startedNearBest: 3, startedNearBestWorsened: 1 })
		);
		expect(description.groups.map((group) => group.count)).toEqual([5, 1, 1, 3, 2]);
		expect(description.groups[3]?.label).toBe(
			'Started with little pain (first score 3 or less), counted apart; of them, 1 patient got meaningfully worse'
		);
		expect(description.title).toBe('Pain right now (NPRS)');
	});

	it('states the points rule only: no "or 30%", and why a low first score is apart', () => {
		const explanation = describeScale('nprs', scale()).explanation;
		expect(explanation).toMatch(/a fall of at least 2 points from their first score/);
		expect(explanation).not.toMatch(/30%/);
		expect(explanation).toMatch(/first score was 3 or less/);
		expect(describeScale('nprs', scale()).groups[3]?.label).not.toMatch(/worse/);
	});

	it('gives PEG its own threshold, as the clinic’s choice', () => {
		expect(describeScale('peg', scale()).explanation).toMatch(
			/at least 1 point either way counts as meaningful; this threshold is our own choice/
		);
	});

	it('says a summary counted before the current rule was counted under the earlier one', () => {
		const { startedNearBest: _a, startedNearBestWorsened: _b, ...old } = scale();
		const description = describeScale('nprs', old);
		expect(description.explanation).toMatch(/earlier rule/);
		expect(description.groups).toHaveLength(4);
	});
});

describe('countedUnderCurrentRule', () => {
	const current = outcomeSummarySnapshot(report, Temporal.PlainDate.from('2027-03-15'));
	const { startedNearBest: _a, startedNearBestWorsened: _b, ...oldScale } = current.nprs;
	const old = { ...current, nprs: oldScale, peg: oldScale };

	it('a summary published before the rule still reads, but is not counted under it', () => {
		const read = readOutcomeSummary(JSON.stringify(old));
		expect(read).not.toBeNull();
		expect(countedUnderCurrentRule(read as NonNullable<typeof read>)).toBe(false);
		expect(countedUnderCurrentRule(current)).toBe(true);
	});
});

describe('patientCount', () => {
	it('says "patient" for one and "patients" for any other number', () => {
		expect(patientCount(1)).toBe('1 patient');
		expect(patientCount(0)).toBe('0 patients');
		expect(patientCount(24)).toBe('24 patients');
	});
});

describe('inclusionRule', () => {
	it('states the three conditions in words', () => {
		expect(inclusionRule()).toMatch(/lower back/);
		expect(inclusionRule()).toMatch(/12 weeks or more/);
		expect(inclusionRule(4)).toMatch(/at least 4 visits/);
	});
});
