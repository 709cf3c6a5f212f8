import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import {
	buildOffsetTimeline,
	instantOfBoundary,
	instantsAtLocalMs,
	localMsAt
} from './offset-timeline';
import { epochDayOf, localMsOf, MS_PER_DAY } from './wall-clock';

const YEAR_START = Temporal.Instant.from('2027-01-01T00:00:00Z').epochMilliseconds;
const YEAR_END = Temporal.Instant.from('2028-01-01T00:00:00Z').epochMilliseconds;
const ZONES = [
	'America/Chicago',
	'Australia/Lord_Howe',
	'America/Phoenix',
	'Asia/Tokyo',
	'Europe/London',
	'America/Santiago'
];

function localMs(dateTime: string): number {
	const value = Temporal.PlainDateTime.from(dateTime);
	return localMsOf(epochDayOf(value.toPlainDate()), value.hour * 60 + value.minute);
}

function reading(timeZone: string, instantMs: number): string {
	return Temporal.Instant.fromEpochMilliseconds(instantMs)
		.toZonedDateTimeISO(timeZone)
		.toString({ timeZoneName: 'never' });
}

describe('offset timeline', () => {
	const chicago = buildOffsetTimeline('America/Chicago', YEAR_START, YEAR_END);

	it('holds the two 2027 changes of America/Chicago', () => {
		const changes = chicago.segments.slice(1).map((segment) => reading('UTC', segment.start));
		expect(changes).toEqual(['2027-03-14T08:00:00+00:00', '2027-11-07T07:00:00+00:00']);
	});

	it('a zone without DST is a single offset', () => {
		expect(buildOffsetTimeline('Asia/Tokyo', YEAR_START, YEAR_END).segments).toEqual([
			{ start: -Infinity, end: Infinity, offsetMs: 9 * 3_600_000 }
		]);
	});

	it('a time in the spring-forward gap has no instant; as a boundary it is the jump', () => {
		const gap = localMs('2027-03-14T02:30');
		expect(instantsAtLocalMs(chicago, gap)).toEqual([]);
		expect(reading('America/Chicago', instantOfBoundary(chicago, gap))).toBe(
			'2027-03-14T03:00:00-05:00'
		);
	});

	it('a time in the fall-back fold has two instants; as a boundary it is the first', () => {
		const fold = localMs('2027-11-07T01:30');
		expect(instantsAtLocalMs(chicago, fold).map((ms) => reading('America/Chicago', ms))).toEqual([
			'2027-11-07T01:30:00-05:00',
			'2027-11-07T01:30:00-06:00'
		]);
		expect(reading('America/Chicago', instantOfBoundary(chicago, fold))).toBe(
			'2027-11-07T01:30:00-05:00'
		);
	});

	it('agrees with Temporal for any wall-clock time in several zones', () => {
		const timelines = new Map(
			ZONES.map((zone) => [zone, buildOffsetTimeline(zone, YEAR_START, YEAR_END)])
		);
		fc.assert(
			fc.property(
				fc.constantFrom(...ZONES),
				fc.integer({ min: 0, max: 364 }),
				fc.integer({ min: 0, max: 24 * 4 - 1 }),
				(zone, day, quarter) => {
					const timeline = timelines.get(zone)!;
					const date = Temporal.PlainDate.from('2027-01-01').add({ days: day });
					const wall = date.toPlainDateTime({
						hour: Math.floor(quarter / 4),
						minute: (quarter % 4) * 15
					});
					const earlier = wall.toZonedDateTime(zone, { disambiguation: 'earlier' });
					const later = wall.toZonedDateTime(zone, { disambiguation: 'later' });
					const exists = earlier.toPlainDateTime().equals(wall);
					const expected = exists
						? [...new Set([earlier.epochMilliseconds, later.epochMilliseconds])]
						: [];
					const local = localMsOf(epochDayOf(date), quarter * 15);
					expect(instantsAtLocalMs(timeline, local)).toEqual(expected);
					const boundary = exists
						? earlier.epochMilliseconds
						: earlier.getTimeZoneTransition('next')!.epochMilliseconds;
					expect(instantOfBoundary(timeline, local)).toBe(boundary);
					for (const instant of expected) expect(localMsAt(timeline, instant)).toBe(local);
				}
			),
			{ numRuns: 400, seed: 20270314 }
		);
	});

	it('extrapolates the nearest offset outside the range it was built for', () => {
		const january = buildOffsetTimeline('America/Chicago', YEAR_START, YEAR_START + MS_PER_DAY);
		expect(january.segments).toHaveLength(1);
		expect(january.segments[0]?.offsetMs).toBe(-6 * 3_600_000);
	});
});
