import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
	clinicOutcomeReport,
	reportLimitations,
	type ClinicOutcomeReport,
	type LeafValues,
	type PatientOutcomeRecord,
	type ReportLimitation,
	type VisitScores
} from './clinic-report';

/** Visits a week apart from 1 March 2027, from [nprs, peg] pairs. */
function weekly(scores: [number | null, number | null][]): VisitScores[] {
	return scores.map(([nprs, peg], index) => ({
		date: `2027-03-${String(1 + index * 7).padStart(2, '0')}`,
		nprs,
		peg
	}));
}

function patient(
	patientId: string,
	visits: VisitScores[],
	overrides: Partial<PatientOutcomeRecord> = {}
): PatientOutcomeRecord {
	return { patientId, conditions: ['low-back-pain'], chronicity: 'chronic', visits, ...overrides };
}

/*
 * A hand-made clinic. The expected figures below were worked out by hand, patient by patient,
 * in the comments; they do not come from the code under test.
 */
const handMade: PatientOutcomeRecord[] = [
	// NPRS 8 -> 5: -3, improved. PEG 7.0 -> 5.3: -1.7, improved.
	patient(
		'patient-ann',
		weekly([
			[8, 7],
			[7, 6.7],
			[6, 6],
			[5, 5.3]
		])
	),
	// NPRS 6 -> 5: -1 (17%), no change. PEG 5.0 -> 4.3: -0.7, no change.
	patient(
		'patient-bob',
		weekly([
			[6, 5],
			[6, 5],
			[5, 4.7],
			[5, 4.3]
		])
	),
	// NPRS 3 -> 2: -1 (33%), but a first score of 3 or less is reported apart (ADR 0041).
	// PEG scored once only: missing.
	patient(
		'patient-cai',
		weekly([
			[3, null],
			[null, 4],
			[2, null],
			[2, null]
		])
	),
	// NPRS 4 -> 6: +2, worsened. PEG 4.0 -> 5.0: +1.0, worsened.
	patient(
		'patient-dee',
		weekly([
			[4, 4],
			[5, 5],
			[6, 5],
			[6, 5]
		])
	),
	// Never answered: missing on both scales, still included (four visits).
	patient(
		'patient-eve',
		weekly([
			[null, null],
			[null, null],
			[null, null],
			[null, null]
		])
	),
	// Visits recorded out of order; by date NPRS 7, 6, 4, 2: -5, improved. PEG 6.3 -> 2.0: -4.3, improved.
	patient('patient-fay', [
		{ date: '2027-03-22', nprs: 2, peg: 2 },
		{ date: '2027-03-01', nprs: 7, peg: 6.3 },
		{ date: '2027-03-15', nprs: 4, peg: 3 },
		{ date: '2027-03-08', nprs: 6, peg: 5.3 }
	]),
	// NPRS 0 -> 0 and PEG 0 -> 0: started near the best end, reported apart.
	patient(
		'patient-gus',
		weekly([
			[0, 0],
			[0, 0.3],
			[1, 0],
			[0, 0]
		])
	),
	// Also has headaches, still chronic low back pain. NPRS 9 -> 7: -2, improved. PEG 8.0 -> 7.7: -0.3.
	patient(
		'patient-hal',
		weekly([
			[9, 8],
			[8, 8],
			[8, 7.7],
			[7, 7.7]
		]),
		{
			conditions: ['headache', 'low-back-pain']
		}
	),
	// Excluded: acute, subacute, another condition, too few visits.
	patient(
		'patient-ida',
		weekly([
			[8, 8],
			[2, 2],
			[2, 2],
			[2, 2],
			[2, 2]
		]),
		{ chronicity: 'acute' }
	),
	patient(
		'patient-jon',
		weekly([
			[8, 8],
			[2, 2],
			[2, 2],
			[2, 2]
		]),
		{ chronicity: 'subacute' }
	),
	patient(
		'patient-kim',
		weekly([
			[8, 8],
			[2, 2],
			[2, 2],
			[2, 2],
			[2, 2],
			[2, 2]
		]),
		{
			conditions: ['neck-pain']
		}
	),
	patient(
		'patient-lou',
		weekly([
			[8, 8],
			[2, 2],
			[2, 2]
		])
	)
];

describe('clinicOutcomeReport on a hand-made clinic', () => {
	const report = clinicOutcomeReport(handMade);

	it('includes only chronic low back pain with at least four visits', () => {
		expect(report.included).toBe(8);
	});

	it('NPRS: 3 improved, 1 unchanged, 1 worse, 2 started low, 1 missing; median change -1', () => {
		// Changes -3, -1, -1, +2, -5, 0, -2 sorted: -5 -3 -2 [-1] -1 0 +2.
		expect(report.nprs).toEqual({
			withData: 7,
			improved: 3,
			noMeaningfulChange: 1,
			worsened: 1,
			startedNearBest: 2,
			startedNearBestWorsened: 0,
			missing: 1,
			medianChange: -1
		});
	});

	it('PEG: 2 improved, 2 unchanged, 1 worse, 1 started low, 2 missing; median change -0.5', () => {
		// Changes -1.7, -0.7, +1.0, -4.3, 0, -0.3 sorted: -4.3 -1.7 [-0.7 -0.3] 0 +1.0.
		expect(report.peg).toEqual({
			withData: 6,
			improved: 2,
			noMeaningfulChange: 2,
			worsened: 1,
			startedNearBest: 1,
			startedNearBestWorsened: 0,
			missing: 2,
			medianChange: -0.5
		});
	});

	it('a 1-point fall from 3 is not counted improved; a rise from a low start is counted apart as worse', () => {
		const low = clinicOutcomeReport([
			patient(
				'low-better',
				weekly([
					[3, 3],
					[3, 3],
					[2, 2.5],
					[2, 2]
				])
			),
			patient(
				'low-worse',
				weekly([
					[2, 2],
					[3, 2],
					[4, 3],
					[5, 4]
				])
			)
		]);
		expect(low.nprs).toMatchObject({
			improved: 0,
			noMeaningfulChange: 0,
			worsened: 0,
			startedNearBest: 2,
			startedNearBestWorsened: 1
		});
		expect(low.peg).toMatchObject({ improved: 0, startedNearBest: 2, startedNearBestWorsened: 1 });
	});

	it('is not publishable with 8 patients', () => {
		expect(report.publishable).toBe(false);
		expect(report.minimumToPublish).toBe(20);
	});

	it('agrees with the independent calculation', () => {
		expectSameReport(report, independentReport(handMade));
	});
});

describe('clinicOutcomeReport: publishing and privacy', () => {
	const many = (count: number) =>
		Array.from({ length: count }, (_, index) =>
			patient(
				`patient-${index}`,
				weekly([
					[7, 6],
					[6, 5],
					[5, 5],
					[4, 4]
				])
			)
		);

	it('is publishable from 20 included patients, not 19', () => {
		expect(clinicOutcomeReport(many(19)).publishable).toBe(false);
		expect(clinicOutcomeReport(many(20)).publishable).toBe(true);
	});

	it('excluded patients do not count toward publishing', () => {
		const records = [
			...many(19),
			patient(
				'short',
				weekly([
					[7, 6],
					[4, 4]
				])
			)
		];
		expect(clinicOutcomeReport(records).publishable).toBe(false);
	});

	it('nobody included: zero counts and no medians', () => {
		const report = clinicOutcomeReport([]);
		expect(report.included).toBe(0);
		expect(report.nprs).toEqual({
			withData: 0,
			improved: 0,
			noMeaningfulChange: 0,
			worsened: 0,
			startedNearBest: 0,
			startedNearBestWorsened: 0,
			missing: 0,
			medianChange: null
		});
	});

	it('contains only counts, medians, flags and the fixed statement: no ids, tags or dates', () => {
		const report = clinicOutcomeReport([...handMade, ...many(20)]);
		const json = JSON.stringify(report);
		for (const record of handMade) expect(json).not.toContain(record.patientId);
		expect(json).not.toMatch(/patient-|2027-|low-back-pain|headache/);
		const leaves: unknown[] = [];
		const walk = (value: unknown): void => {
			if (value !== null && typeof value === 'object') Object.values(value).forEach(walk);
			else leaves.push(value);
		};
		walk(report);
		for (const leaf of leaves) {
			const allowed =
				typeof leaf === 'number' ||
				typeof leaf === 'boolean' ||
				leaf === null ||
				(reportLimitations as readonly unknown[]).includes(leaf);
			expect(allowed, `unexpected value ${String(leaf)}`).toBe(true);
		}
		expect(Object.keys(report).sort()).toEqual([
			'included',
			'limitations',
			'minimumToPublish',
			'nprs',
			'peg',
			'publishable'
		]);
	});

	it('its type has no string field except the fixed statement', () => {
		expectTypeOf<
			Exclude<LeafValues<ClinicOutcomeReport>, number | boolean | null | undefined>
		>().toEqualTypeOf<ReportLimitation>();
	});

	it('says what the numbers cannot show, in plain words', () => {
		const text = reportLimitations.join(' ');
		expect(text).toMatch(/no comparison group/i);
		expect(text).toMatch(/stopped coming/);
		expect(text).toMatch(/eases by itself/);
		expect(text).toMatch(/at its worst/);
		expect(text).toMatch(/missing, not as unchanged/);
	});
});

describe('clinicOutcomeReport: properties over random clinics', () => {
	const score = fc.option(fc.integer({ min: 0, max: 10 }), { nil: null, freq: 4 });
	const pegScore = fc.option(
		fc.integer({ min: 0, max: 100 }).map((tenths) => tenths / 10),
		{ nil: null, freq: 4 }
	);
	const visit = fc.record({
		date: fc
			.integer({ min: 0, max: 364 })
			.map((day) => Temporal.PlainDate.from('2027-01-01').add({ days: day }).toString()),
		nprs: score,
		peg: pegScore
	});
	const record = fc.record({
		patientId: fc.uuid(),
		conditions: fc.subarray(['low-back-pain', 'neck-pain', 'headache']),
		chronicity: fc.constantFrom('acute' as const, 'subacute' as const, 'chronic' as const),
		visits: fc.array(visit, { maxLength: 8 })
	});
	const clinic = fc.array(record, { maxLength: 40 });

	it('counts never exceed the included count and add up to it', () => {
		fc.assert(
			fc.property(clinic, (records) => {
				const report = clinicOutcomeReport(records);
				expect(report.included).toBeLessThanOrEqual(records.length);
				for (const summary of [report.nprs, report.peg]) {
					for (const count of [
						summary.withData,
						summary.improved,
						summary.noMeaningfulChange,
						summary.worsened,
						summary.startedNearBest ?? -1,
						summary.startedNearBestWorsened ?? -1,
						summary.missing
					]) {
						expect(count).toBeGreaterThanOrEqual(0);
						expect(count).toBeLessThanOrEqual(report.included);
					}
					expect(
						summary.improved +
							summary.noMeaningfulChange +
							summary.worsened +
							(summary.startedNearBest ?? Number.NaN)
					).toBe(summary.withData);
					expect(summary.startedNearBestWorsened ?? Number.NaN).toBeLessThanOrEqual(
						summary.startedNearBest ?? Number.NaN
					);
					expect(summary.withData + summary.missing).toBe(report.included);
					expect(summary.medianChange === null).toBe(summary.withData === 0);
				}
				expect(report.publishable).toBe(report.included >= 20);
			}),
			{ numRuns: 300 }
		);
	});

	it('matches the independent calculation', () => {
		fc.assert(
			fc.property(clinic, (records) => {
				expectSameReport(clinicOutcomeReport(records), independentReport(records));
			}),
			{ numRuns: 300 }
		);
	});
});

/** Equal reports, with medians compared to within floating-point noise. */
function expectSameReport(actual: ClinicOutcomeReport, expected: ClinicOutcomeReport): void {
	const withoutMedians = (report: ClinicOutcomeReport) => ({
		...report,
		nprs: { ...report.nprs, medianChange: 0 },
		peg: { ...report.peg, medianChange: 0 }
	});
	expect(withoutMedians(actual)).toEqual(withoutMedians(expected));
	for (const scale of ['nprs', 'peg'] as const) {
		const median = expected[scale].medianChange;
		if (median === null) expect(actual[scale].medianChange).toBeNull();
		else expect(actual[scale].medianChange).toBeCloseTo(median, 9);
	}
}

/**
 * The report written again, plainly and separately from the code under test: thresholds
 * straight from ADR 0041, floating point with a tolerance, and its own median.
 */
function independentReport(records: readonly PatientOutcomeRecord[]): ClinicOutcomeReport {
	const epsilon = 1e-9;
	const included = records.filter(
		(record) =>
			record.conditions.includes('low-back-pain') &&
			record.chronicity === 'chronic' &&
			record.visits.length >= 4
	);
	const summarize = (scale: 'nprs' | 'peg') => {
		let improved = 0;
		let worsened = 0;
		let unchanged = 0;
		let nearBest = 0;
		let nearBestWorse = 0;
		let missing = 0;
		const changes: number[] = [];
		for (const record of included) {
			const byDate = record.visits
				.map((visit, index) => ({ visit, index }))
				.sort((a, b) => a.visit.date.localeCompare(b.visit.date) || a.index - b.index);
			const scored: number[] = [];
			for (const { visit } of byDate) {
				const value = visit[scale];
				if (typeof value === 'number') scored.push(value);
			}
			if (scored.length < 2) {
				missing++;
				continue;
			}
			const first = scored[0] as number;
			const last = scored[scored.length - 1] as number;
			const drop = first - last;
			changes.push(last - first);
			const points = scale === 'nprs' ? 2 : 1;
			const worse = -drop >= points - epsilon;
			if (first <= 3 + epsilon) {
				nearBest++;
				if (worse) nearBestWorse++;
			} else if (drop >= points - epsilon) improved++;
			else if (worse) worsened++;
			else unchanged++;
		}
		changes.sort((a, b) => a - b);
		const half = Math.floor(changes.length / 2);
		const medianChange =
			changes.length === 0
				? null
				: changes.length % 2
					? (changes[half] as number)
					: ((changes[half - 1] as number) + (changes[half] as number)) / 2;
		return {
			withData: changes.length,
			improved,
			noMeaningfulChange: unchanged,
			worsened,
			startedNearBest: nearBest,
			startedNearBestWorsened: nearBestWorse,
			missing,
			medianChange
		};
	};
	return {
		included: included.length,
		nprs: summarize('nprs'),
		peg: summarize('peg'),
		publishable: included.length >= 20,
		minimumToPublish: 20,
		limitations: reportLimitations
	};
}
