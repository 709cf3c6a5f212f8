import { Temporal } from 'temporal-polyfill';
import { MS_PER_DAY } from './wall-clock';

/**
 * A zone's UTC offsets over a stretch of time, read once from Temporal. Asking Temporal for
 * every candidate slot would cost tens of microseconds each; the offsets of a month change at
 * most a couple of times, so the engine reads them once and does the rest with arithmetic.
 * Each instant still gets the offset in force at that instant, so every day is computed
 * separately and daylight-saving days come out right.
 */

/** A stretch of real time [start, end) in epoch milliseconds with one UTC offset. */
export interface OffsetSegment {
	readonly start: number;
	readonly end: number;
	readonly offsetMs: number;
}

/** The offsets of one zone, in time order and without gaps between segments. */
export interface OffsetTimeline {
	readonly timeZone: string;
	readonly segments: readonly OffsetSegment[];
}

/**
 * Reads the offsets of `timeZone` over [fromMs, toMs] (epoch milliseconds), with a margin of
 * two days either side. The first and last segments are left open-ended: moments far outside
 * the range get the nearest known offset, which is only used for spans that reach beyond the
 * range and so cannot change a result inside it.
 */
export function buildOffsetTimeline(
	timeZone: string,
	fromMs: number,
	toMs: number
): OffsetTimeline {
	const until = toMs + 2 * MS_PER_DAY;
	const segments: OffsetSegment[] = [];
	let current = Temporal.Instant.fromEpochMilliseconds(fromMs - 2 * MS_PER_DAY).toZonedDateTimeISO(
		timeZone
	);
	let start = -Infinity;
	for (;;) {
		const offsetMs = Math.round(current.offsetNanoseconds / 1_000_000);
		const next = current.getTimeZoneTransition('next');
		if (!next || next.epochMilliseconds > until) {
			segments.push({ start, end: Infinity, offsetMs });
			return { timeZone, segments };
		}
		segments.push({ start, end: next.epochMilliseconds, offsetMs });
		start = next.epochMilliseconds;
		current = next;
	}
}

/** The UTC offset in force at an instant. */
export function offsetAt(timeline: OffsetTimeline, instantMs: number): number {
	for (const segment of timeline.segments) {
		if (instantMs < segment.end) return segment.offsetMs;
	}
	// Unreachable: the last segment runs to Infinity.
	return timeline.segments[timeline.segments.length - 1]?.offsetMs ?? 0;
}

/** The wall-clock reading (local milliseconds) at an instant. */
export function localMsAt(timeline: OffsetTimeline, instantMs: number): number {
	return instantMs + offsetAt(timeline, instantMs);
}

/**
 * Every real instant at which the wall clock shows `localMs`, earliest first: none in a
 * spring-forward gap, two in a fall-back fold, otherwise one.
 */
export function instantsAtLocalMs(timeline: OffsetTimeline, localMs: number): number[] {
	const found: number[] = [];
	for (const segment of timeline.segments) {
		const instant = localMs - segment.offsetMs;
		if (instant >= segment.start && instant < segment.end) found.push(instant);
	}
	return found;
}

/**
 * The instant a wall-clock boundary (the start or end of working hours, time off or a
 * closure) stands for: the first moment the clock reads that time or later.
 *
 * - In a spring-forward gap the time never shows, so the boundary is the moment the clocks
 *   jump (02:30 on 2027-03-14 in Chicago is 03:00 CDT). Temporal's 'compatible' would give
 *   03:30 CDT instead, stretching or shortening the interval by the size of the jump.
 * - In a fall-back fold the time shows twice; the boundary is the first showing (01:30 on
 *   2027-11-07 in Chicago is 01:30 CDT), for starts and ends alike, so one rule covers both.
 */
export function instantOfBoundary(timeline: OffsetTimeline, localMs: number): number {
	for (const segment of timeline.segments) {
		const instant = localMs - segment.offsetMs;
		// Earlier segments were passed without a match: the time fell into the jump before this one.
		if (instant < segment.start) return segment.start;
		if (instant < segment.end) return instant;
	}
	// Unreachable: the last segment runs to Infinity.
	return localMs;
}
