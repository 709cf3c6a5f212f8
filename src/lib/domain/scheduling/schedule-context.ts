import { mergeIntervals, type Interval } from './intervals';
import { buildOffsetTimeline, type OffsetTimeline } from './offset-timeline';
import { resolveSpan } from './time-span';
import type {
	SchedulingInput,
	SchedulingLocation,
	SchedulingRoom,
	SchedulingService,
	TimeSpan
} from './types';
import { epochDayOf, MS_PER_DAY, parseWallClockTime } from './wall-clock';

/**
 * The input read once into the shapes the engine searches: hours parsed and grouped, rooms
 * sorted. Slot search, the booking check and alternatives all start from here, so they cannot
 * disagree about what is open.
 */

/** Working hours on a day, in minutes after midnight; `end` may exceed 1440 past midnight. */
export interface DayHours {
	readonly startMinutes: number;
	readonly endMinutes: number;
}

/** Extra hours on one epoch day. */
export interface DatedHours extends DayHours {
	readonly epochDay: number;
}

/** A practitioner's hours at one location. */
export interface PractitionerHours {
	/** Index 1..7 by ISO weekday; index 0 is unused. */
	readonly weekly: readonly (readonly DayHours[])[];
	readonly extra: readonly DatedHours[];
}

/** The parsed and indexed input. */
export interface ScheduleContext {
	readonly input: SchedulingInput;
	readonly services: ReadonlyMap<number, SchedulingService>;
	readonly locations: ReadonlyMap<number, SchedulingLocation>;
	/** location id → practitioner id → hours */
	readonly hours: ReadonlyMap<number, ReadonlyMap<number, PractitionerHours>>;
	/** location id → rooms sorted by id */
	readonly rooms: ReadonlyMap<number, readonly SchedulingRoom[]>;
	readonly timeOff: ReadonlyMap<number, readonly TimeSpan[]>;
}

/** A location seen over a range of days: its offsets and its closures in real time. */
export interface LocationView {
	readonly location: SchedulingLocation;
	readonly timeline: OffsetTimeline;
	readonly closed: readonly Interval[];
	/** A practitioner's time off in real time, read in this location's zone. */
	readonly timeOffOf: (practitionerId: number) => readonly Interval[];
}

/** Reads the input once: parses hours and groups hours, rooms and time off. */
export function buildScheduleContext(input: SchedulingInput): ScheduleContext {
	const hours = new Map<number, Map<number, { weekly: DayHours[][]; extra: DatedHours[] }>>();
	const hoursOf = (locationId: number, practitionerId: number) => {
		let atLocation = hours.get(locationId);
		if (!atLocation) hours.set(locationId, (atLocation = new Map()));
		let entry = atLocation.get(practitionerId);
		if (!entry) {
			entry = { weekly: [[], [], [], [], [], [], [], []], extra: [] };
			atLocation.set(practitionerId, entry);
		}
		return entry;
	};
	for (const rule of input.weeklyHours) {
		hoursOf(rule.locationId, rule.practitionerId).weekly[rule.weekday]?.push(
			dayHours(rule.start, rule.end)
		);
	}
	for (const rule of input.extraHours) {
		hoursOf(rule.locationId, rule.practitionerId).extra.push({
			epochDay: epochDayOf(rule.date),
			...dayHours(rule.start, rule.end)
		});
	}

	const rooms = new Map<number, SchedulingRoom[]>();
	for (const room of input.rooms) {
		const list = rooms.get(room.locationId);
		if (list) list.push(room);
		else rooms.set(room.locationId, [room]);
	}
	for (const list of rooms.values()) list.sort((a, b) => a.id - b.id);

	const timeOff = new Map<number, TimeSpan[]>();
	for (const entry of input.timeOff) {
		const list = timeOff.get(entry.practitionerId);
		if (list) list.push(entry.span);
		else timeOff.set(entry.practitionerId, [entry.span]);
	}

	return {
		input,
		services: new Map(input.services.map((service) => [service.id, service])),
		locations: new Map(input.locations.map((location) => [location.id, location])),
		hours,
		rooms,
		timeOff
	};
}

/** The service with this id; an unknown id is a caller's bug, not a closed slot. */
export function serviceOf(context: ScheduleContext, serviceId: number): SchedulingService {
	const service = context.services.get(serviceId);
	if (!service) throw new RangeError(`Unknown service ${serviceId}`);
	return service;
}

/** The location with this id; an unknown id is a caller's bug. */
export function locationOf(context: ScheduleContext, locationId: number): SchedulingLocation {
	const location = context.locations.get(locationId);
	if (!location) throw new RangeError(`Unknown location ${locationId}`);
	return location;
}

/** Ids of the practitioners with any hours at a location, lowest first. */
export function practitionersAt(context: ScheduleContext, locationId: number): number[] {
	return [...(context.hours.get(locationId)?.keys() ?? [])].sort((a, b) => a - b);
}

/**
 * Builds the view of a location for epoch days firstDay..lastDay (local dates). Offsets are
 * read for a day either side, because hours that cross midnight reach into the next day.
 */
export function viewLocation(
	context: ScheduleContext,
	location: SchedulingLocation,
	firstDay: number,
	lastDay: number
): LocationView {
	const timeline = buildOffsetTimeline(
		location.timeZone,
		(firstDay - 1) * MS_PER_DAY,
		(lastDay + 2) * MS_PER_DAY
	);
	const closed = mergeIntervals(
		context.input.closures
			.filter((closure) => closure.locationId === null || closure.locationId === location.id)
			.map((closure) => resolveSpan(closure.span, timeline))
	);
	const timeOffCache = new Map<number, Interval[]>();
	const timeOffOf = (practitionerId: number): readonly Interval[] => {
		let resolved = timeOffCache.get(practitionerId);
		if (!resolved) {
			const spans = context.timeOff.get(practitionerId) ?? [];
			resolved = mergeIntervals(spans.map((span) => resolveSpan(span, timeline)));
			timeOffCache.set(practitionerId, resolved);
		}
		return resolved;
	};
	return { location, timeline, closed, timeOffOf };
}

function dayHours(start: string, end: string): DayHours {
	const startMinutes = parseWallClockTime(start);
	const endMinutes = parseWallClockTime(end);
	// An end at or before the start is on the next day.
	return { startMinutes, endMinutes: endMinutes <= startMinutes ? endMinutes + 1440 : endMinutes };
}
