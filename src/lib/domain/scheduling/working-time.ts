import { mergeIntervals, subtractIntervals, type Interval } from './intervals';
import { instantOfBoundary } from './offset-timeline';
import type { DayHours, LocationView, ScheduleContext } from './schedule-context';
import { localMsOf, weekdayOfEpochDay } from './wall-clock';

/**
 * A stretch of real time in which a practitioner works, with the wall-clock start of the
 * working hours it came from: slot starts are counted in steps from that anchor, so cutting
 * out time off or a closure never shifts the grid.
 */
export interface WorkingInterval extends Interval {
	readonly anchorLocalMs: number;
}

/** A practitioner's working time at a location, before and after closures. */
export interface WorkingTime {
	/** Weekly and extra hours, joined, minus time off: the practitioner means to be there. */
	readonly present: readonly WorkingInterval[];
	/** `present` minus the location's closures: the time that can be booked. */
	readonly open: readonly WorkingInterval[];
}

/**
 * The working time of a practitioner at a location for hours that begin on epoch days
 * firstDay..lastDay (local dates). Each day's wall-clock hours are turned into instants with
 * that day's own offsets. Touching or overlapping hours (weekly and extra alike) are joined
 * and keep the anchor of the earliest. Time off and closures always win over extra hours:
 * the engine never offers time that someone has said is off.
 */
export function workingTime(
	context: ScheduleContext,
	view: LocationView,
	practitionerId: number,
	firstDay: number,
	lastDay: number
): WorkingTime {
	const hours = context.hours.get(view.location.id)?.get(practitionerId);
	if (!hours) return { present: [], open: [] };
	const intervals: WorkingInterval[] = [];
	const add = (epochDay: number, dayHours: DayHours) => {
		const anchorLocalMs = localMsOf(epochDay, dayHours.startMinutes);
		intervals.push({
			start: instantOfBoundary(view.timeline, anchorLocalMs),
			end: instantOfBoundary(view.timeline, localMsOf(epochDay, dayHours.endMinutes)),
			anchorLocalMs
		});
	};
	for (let epochDay = firstDay; epochDay <= lastDay; epochDay += 1) {
		for (const dayHours of hours.weekly[weekdayOfEpochDay(epochDay)] ?? []) add(epochDay, dayHours);
	}
	for (const extra of hours.extra) {
		if (extra.epochDay >= firstDay && extra.epochDay <= lastDay) add(extra.epochDay, extra);
	}
	const present = subtractIntervals(mergeIntervals(intervals), view.timeOffOf(practitionerId));
	return { present, open: subtractIntervals(present, view.closed) };
}
