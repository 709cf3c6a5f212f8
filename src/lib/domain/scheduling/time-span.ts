import type { Interval } from './intervals';
import { instantOfBoundary, type OffsetTimeline } from './offset-timeline';
import type { TimeSpan } from './types';
import { epochDayOf, localMsOf, parseWallClockTime } from './wall-clock';

/**
 * Turns a time-off or closure span into real time at one location. Instant spans are taken as
 * they are; calendar spans are read in the location's zone, with the boundary rule of
 * `instantOfBoundary` for times that fall in a daylight-saving gap or fold.
 */
export function resolveSpan(span: TimeSpan, timeline: OffsetTimeline): Interval {
	if (!('startDate' in span)) {
		return { start: span.start.epochMilliseconds, end: span.end.epochMilliseconds };
	}
	const startMinutes = span.startTime === undefined ? 0 : parseWallClockTime(span.startTime);
	const endDay = epochDayOf(span.endDate);
	// Without an end time the span covers all of its last day, so it ends at the next midnight.
	const endLocal =
		span.endTime === undefined
			? localMsOf(endDay + 1, 0)
			: localMsOf(endDay, parseWallClockTime(span.endTime));
	return {
		start: instantOfBoundary(timeline, localMsOf(epochDayOf(span.startDate), startMinutes)),
		end: instantOfBoundary(timeline, endLocal)
	};
}
