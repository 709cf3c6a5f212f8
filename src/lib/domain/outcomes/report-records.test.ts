import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { bodyRegionIds, bodyRegions } from '../intake/body-regions';
import {
	buildOutcomeRecords,
	conditionTagsFromPain,
	lowerBackRegionIds,
	painFactsFromSteps,
	reportExclusions,
	type AttendedVisit,
	type ScoreAnswer,
	type SubmittedIntake
} from './report-records';

const zone = 'America/Chicago';
const at = (text: string) => Temporal.Instant.from(text);

function intake(
	patientId: number,
	overrides: Partial<SubmittedIntake> & { regions?: string[]; duration?: string } = {}
): SubmittedIntake {
	const { regions = ['left-lower-back'], duration = 'chronic', ...rest } = overrides;
	return {
		id: patientId * 10,
		patientId,
		startedAt: at('2027-03-01T01:00:00Z'),
		submittedAt: at('2027-03-01T01:30:00Z'),
		steps: { pain: { regions, onset: '2026-01-01', duration, weeks: 60 } },
		...rest
	};
}

let nextAppointment = 100;
/** Weekly visits from Tuesday 2 March 2027 at 10:00 Chicago time (16:00Z). */
function visits(patientId: number, count: number, firstWeek = 0): AttendedVisit[] {
	return Array.from({ length: count }, (_, week) => ({
		appointmentId: nextAppointment++,
		patientId,
		start: Temporal.PlainDate.from('2027-03-02')
			.add({ weeks: firstWeek + week })
			.toZonedDateTime({ timeZone: zone, plainTime: Temporal.PlainTime.from('10:00') })
			.toInstant()
	}));
}

let nextAnswer = 1;
function answer(
	visit: { patientId: number; appointmentId: number | null; start: Temporal.Instant },
	scale: 'nprs' | 'peg',
	score: number,
	source: ScoreAnswer['source'] = 'kiosk',
	answeredAt: Temporal.Instant = visit.start.subtract({ minutes: 5 })
): ScoreAnswer {
	return {
		id: nextAnswer++,
		patientId: visit.patientId,
		appointmentId: visit.appointmentId,
		scale,
		scoreTenths: Math.round(score * 10),
		source,
		answeredAt
	};
}

describe('lowerBackRegionIds', () => {
	it('names the two lower-back regions of the body map, and only those', () => {
		for (const id of lowerBackRegionIds) expect(bodyRegionIds).toContain(id);
		const lowerBack = bodyRegions.filter((region) => region.label.startsWith('Lower back'));
		expect(lowerBack.map((region) => region.id).sort()).toEqual([...lowerBackRegionIds].sort());
	});
});

describe('conditionTagsFromPain', () => {
	it('tags low back pain when either side of the lower back is marked', () => {
		expect(conditionTagsFromPain({ regions: ['right-lower-back'] })).toEqual(['low-back-pain']);
		expect(conditionTagsFromPain({ regions: ['neck', 'left-lower-back'] })).toEqual([
			'low-back-pain'
		]);
	});

	it('does not tag upper or middle back, buttocks or legs alone', () => {
		expect(
			conditionTagsFromPain({
				regions: ['upper-back', 'middle-back', 'left-buttock', 'right-thigh-back']
			})
		).toEqual([]);
		expect(conditionTagsFromPain({ regions: [] })).toEqual([]);
	});
});

describe('painFactsFromSteps', () => {
	it('reads the regions and the stored duration band', () => {
		expect(painFactsFromSteps(intake(1, { duration: 'subacute' }).steps)).toEqual({
			regions: ['left-lower-back'],
			duration: 'subacute'
		});
	});

	it('is null without a usable pain step', () => {
		expect(painFactsFromSteps({})).toBeNull();
		expect(painFactsFromSteps(null)).toBeNull();
		expect(painFactsFromSteps({ pain: { regions: 'lower-back', duration: 'chronic' } })).toBeNull();
		expect(painFactsFromSteps({ pain: { regions: [], duration: 'forever' } })).toBeNull();
	});
});

describe('buildOutcomeRecords', () => {
	it('makes the intake baseline the first visit’s score and the check-ins the later ones', () => {
		const course = visits(1, 4);
		const [first, second, third, fourth] = course as [
			AttendedVisit,
			AttendedVisit,
			AttendedVisit,
			AttendedVisit
		];
		const baselineAt = at('2027-03-01T01:20:00Z');
		const records = buildOutcomeRecords(
			{
				intakes: [intake(1)],
				visits: course,
				answers: [
					answer(first, 'nprs', 7, 'intake', baselineAt),
					answer(first, 'peg', 6.3, 'intake', baselineAt),
					// A check-in at the first visit as well: the baseline wins.
					answer(first, 'nprs', 5),
					answer(second, 'nprs', 6, 'link'),
					answer(third, 'peg', 5),
					answer(fourth, 'nprs', 4),
					answer(fourth, 'peg', 4.7)
				]
			},
			zone
		);
		expect(records).toEqual([
			{
				patientId: '1',
				conditions: ['low-back-pain'],
				chronicity: 'chronic',
				visits: [
					{ date: '2027-03-02', nprs: 7, peg: 6.3 },
					{ date: '2027-03-09', nprs: 6, peg: null },
					{ date: '2027-03-16', nprs: null, peg: 5 },
					{ date: '2027-03-23', nprs: 4, peg: 4.7 }
				]
			}
		]);
	});

	it('uses the first visit’s check-in when the intake has no baseline on that scale', () => {
		const course = visits(2, 4);
		const records = buildOutcomeRecords(
			{
				intakes: [intake(2)],
				visits: course,
				answers: [answer(course[0] as AttendedVisit, 'nprs', 8, 'link')]
			},
			zone
		);
		expect(records[0]?.visits[0]).toEqual({ date: '2027-03-02', nprs: 8, peg: null });
	});

	it('reads the latest submitted intake: its regions, its band, and visits from the day it was started', () => {
		const old = visits(3, 3, -60);
		const current = visits(3, 2);
		const records = buildOutcomeRecords(
			{
				intakes: [
					intake(3, {
						id: 31,
						regions: ['neck'],
						startedAt: at('2025-12-01T15:00:00Z'),
						submittedAt: at('2025-12-01T15:30:00Z')
					}),
					// Started on the morning of the first visit (Chicago time), submitted later.
					intake(3, {
						id: 32,
						duration: 'subacute',
						startedAt: at('2027-03-02T14:00:00Z'),
						submittedAt: at('2027-03-02T14:20:00Z')
					})
				],
				visits: [...old, ...current],
				answers: []
			},
			zone
		);
		expect(records).toHaveLength(1);
		expect(records[0]?.conditions).toEqual(['low-back-pain']);
		expect(records[0]?.chronicity).toBe('subacute');
		expect(records[0]?.visits.map((visit) => visit.date)).toEqual(['2027-03-02', '2027-03-09']);
	});

	it('between two intakes submitted at the same moment, takes the higher id', () => {
		const records = buildOutcomeRecords(
			{
				intakes: [intake(4, { id: 42, regions: ['neck'] }), intake(4, { id: 41 })],
				visits: [],
				answers: []
			},
			zone
		);
		expect(records[0]?.conditions).toEqual([]);
	});

	it('keeps the latest answer when a visit was answered twice (a correction)', () => {
		const course = visits(5, 2);
		const second = course[1] as AttendedVisit;
		const records = buildOutcomeRecords(
			{
				intakes: [intake(5)],
				visits: course,
				answers: [
					answer(second, 'nprs', 3, 'link', second.start.subtract({ hours: 3 })),
					answer(second, 'nprs', 6, 'kiosk', second.start.subtract({ hours: 1 }))
				]
			},
			zone
		);
		expect(records[0]?.visits[1]?.nprs).toBe(6);
	});

	it('ignores a baseline from before the intake was started and answers for other appointments', () => {
		const course = visits(6, 2);
		const records = buildOutcomeRecords(
			{
				intakes: [intake(6)],
				visits: course,
				answers: [
					answer(course[0] as AttendedVisit, 'nprs', 9, 'intake', at('2027-02-01T00:00:00Z')),
					// A check-in for an appointment that was a no-show (not among the visits).
					answer(
						{ patientId: 6, appointmentId: 999, start: at('2027-03-05T16:00:00Z') },
						'nprs',
						1
					),
					answer(
						{ patientId: 6, appointmentId: null, start: at('2027-03-05T16:00:00Z') },
						'peg',
						1,
						'link'
					)
				]
			},
			zone
		);
		expect(records[0]?.visits).toEqual([
			{ date: '2027-03-02', nprs: null, peg: null },
			{ date: '2027-03-09', nprs: null, peg: null }
		]);
	});

	it('leaves out patients whose intake has no pain step, and orders visits by time', () => {
		const course = visits(7, 3).reverse();
		const records = buildOutcomeRecords(
			{
				intakes: [intake(8, { steps: { 'about-you': {} } }), intake(7)],
				visits: course,
				answers: []
			},
			zone
		);
		expect(records.map((record) => record.patientId)).toEqual(['7']);
		expect(records[0]?.visits.map((visit) => visit.date)).toEqual([
			'2027-03-02',
			'2027-03-09',
			'2027-03-16'
		]);
	});
});

describe('reportExclusions', () => {
	it('counts each excluded patient once, by the first rule they fail', () => {
		const record = (
			conditions: string[],
			chronicity: 'acute' | 'subacute' | 'chronic',
			count: number
		) => ({
			patientId: 'x',
			conditions,
			chronicity,
			visits: Array.from({ length: count }, () => ({ date: '2027-03-01', nprs: 1, peg: 1 }))
		});
		expect(
			reportExclusions([
				record(['low-back-pain'], 'chronic', 4),
				record([], 'acute', 1),
				record(['low-back-pain'], 'acute', 2),
				record(['low-back-pain'], 'subacute', 6),
				record(['low-back-pain'], 'chronic', 3)
			])
		).toEqual({ not_low_back: 1, not_chronic: 2, too_few_visits: 1 });
	});
});
