import type { Temporal } from 'temporal-polyfill';

/**
 * The shapes the scheduling core reads and returns. They are structural on purpose: the
 * clinic's own Location and Service records fit them as they are, so callers never copy.
 */

/** ISO weekday, as Temporal numbers it: 1 is Monday, 7 is Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** A wall-clock time 'HH:MM' (24-hour, 00:00–23:59) in a location's time zone. */
export type WallClockTime = string;

/** A place where practitioners work; its IANA zone gives every wall-clock time a meaning. */
export interface SchedulingLocation {
	readonly id: number;
	/** IANA time zone, e.g. 'America/Chicago'. */
	readonly timeZone: string;
}

/**
 * One interval of a practitioner's weekly working hours at a location. An `end` at or before
 * `start` means the hours cross midnight and end on the next day (so 09:00–09:00 is 24 hours).
 */
export interface WeeklyWorkingHours {
	readonly practitionerId: number;
	readonly locationId: number;
	readonly weekday: Weekday;
	readonly start: WallClockTime;
	readonly end: WallClockTime;
}

/** Hours a practitioner works on one date on top of the weekly hours (same midnight rule). */
export interface ExtraHours {
	readonly practitionerId: number;
	readonly locationId: number;
	readonly date: Temporal.PlainDate;
	readonly start: WallClockTime;
	readonly end: WallClockTime;
}

/** A span given as exact instants, for callers that already hold UTC times. */
export interface InstantSpan {
	readonly start: Temporal.Instant;
	readonly end: Temporal.Instant;
}

/**
 * A span given on the calendar, read in the time zone of the location it is applied to
 * (so "off on 4 July" means that local day at every location). It runs from `startTime`
 * (default: the start of the day) on `startDate` to `endTime` on `endDate`; without
 * `endTime` it runs to the end of `endDate`, so `{ startDate: d, endDate: d }` is day `d`.
 * A span that ends at or before its start is empty. Times in a daylight-saving gap or fold
 * follow the boundary rule of `instantOfBoundary` (offset-timeline.ts).
 */
export interface WallClockSpan {
	readonly startDate: Temporal.PlainDate;
	readonly startTime?: WallClockTime;
	readonly endDate: Temporal.PlainDate;
	readonly endTime?: WallClockTime;
}

/** Either kind of span; the presence of `startDate` tells them apart. */
export type TimeSpan = InstantSpan | WallClockSpan;

/** A practitioner is away (holiday, sickness, training): part of a day or many days. */
export interface TimeOff {
	readonly practitionerId: number;
	readonly span: TimeSpan;
}

/**
 * The clinic is closed (a holiday, a repair): `locationId` null closes every location. A
 * closure blocks every practitioner and room at the location.
 */
export interface Closure {
	readonly locationId: number | null;
	readonly span: TimeSpan;
}

/** A treatment room; services ask for a room of a kind rather than a particular room. */
export interface SchedulingRoom {
	readonly id: number;
	readonly locationId: number;
	readonly kind: string;
}

/** What the engine needs to know about a service. */
export interface SchedulingService {
	readonly id: number;
	readonly durationMinutes: number;
	readonly bufferBeforeMinutes: number;
	readonly bufferAfterMinutes: number;
	/** The kind of room it needs, or null when it needs none (a phone consultation). */
	readonly roomKind: string | null;
}

/** The clinic's booking rules. */
export interface BookingPolicy {
	/** Slot starts are this many minutes apart, counted from the start of the working hours. */
	readonly slotStepMinutes: number;
	/** No slot starts sooner than this after `now`. */
	readonly minimumNoticeMinutes: number;
	/** The last bookable date is today plus this many days, "today" in the location's zone. */
	readonly bookingWindowDays: number;
}

/**
 * An appointment that holds time. It blocks its practitioner and its room for
 * [start − bufferBefore, end + bufferAfter). Pass only appointments that still hold time
 * (not cancelled), and leave out the one being moved when rescheduling.
 */
export interface BookedAppointment {
	readonly practitionerId: number;
	readonly roomId: number | null;
	readonly start: Temporal.Instant;
	readonly end: Temporal.Instant;
	readonly bufferBeforeMinutes: number;
	readonly bufferAfterMinutes: number;
}

/** Everything the engine reads: `now` and all data come in, nothing is looked up. */
export interface SchedulingInput {
	readonly now: Temporal.Instant;
	readonly locations: readonly SchedulingLocation[];
	readonly weeklyHours: readonly WeeklyWorkingHours[];
	readonly extraHours: readonly ExtraHours[];
	readonly timeOff: readonly TimeOff[];
	readonly closures: readonly Closure[];
	readonly rooms: readonly SchedulingRoom[];
	readonly services: readonly SchedulingService[];
	readonly policy: BookingPolicy;
	readonly appointments: readonly BookedAppointment[];
}

/** A request for open slots. */
export interface SlotQuery {
	readonly serviceId: number;
	readonly practitionerId: number | 'any';
	/** Only this location; all locations when omitted. */
	readonly locationId?: number;
	/** First date, inclusive, in the location's zone. */
	readonly from: Temporal.PlainDate;
	/** Last date, inclusive, in the location's zone. */
	readonly to: Temporal.PlainDate;
	/**
	 * For 'any': only these practitioners (e.g. those who offer the service). Without it,
	 * 'any' means every practitioner with working hours at the location.
	 */
	readonly practitionerIds?: readonly number[];
}

/** A time that can be booked: `start..end` is the service itself, buffers excluded. */
export interface OpenSlot {
	readonly start: Temporal.Instant;
	readonly end: Temporal.Instant;
	readonly practitionerId: number;
	readonly locationId: number;
	/** The lowest-numbered free room of the needed kind, or null when the service needs none. */
	readonly roomId: number | null;
}

/** One booking the booking service is about to write. */
export interface BookingRequest {
	readonly serviceId: number;
	readonly practitionerId: number;
	readonly start: Temporal.Instant;
	/** When omitted, the lowest-numbered location where the practitioner works then. */
	readonly locationId?: number;
	/** When omitted (or null), the lowest-numbered free room of the needed kind is chosen. */
	readonly roomId?: number | null;
}

/** Why a booking cannot be made, in the order the checks are made. */
export type RefusalReason =
	'too_soon' | 'too_far_ahead' | 'outside_hours' | 'closed' | 'practitioner_busy' | 'no_room';

/** The answer to "is this booking still open?". */
export type BookingCheck =
	| { readonly open: true; readonly slot: OpenSlot }
	| { readonly open: false; readonly reason: RefusalReason };
