import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { checkBooking, findOpenSlots } from './index';
import type {
	BookedAppointment,
	OpenSlot,
	SchedulingInput,
	SchedulingService,
	SlotQuery,
	TimeSpan,
	Weekday
} from './index';

/**
 * Properties of the engine over random schedules, checked against an oracle that resolves
 * every wall-clock time with Temporal directly (not with the engine's offset timeline). The
 * clinics sit in zones with and without daylight saving, with "now" a few days before a change,
 * so the change falls inside the searched days.
 */

const MINUTE = 60_000;
const SEARCH_DAYS = 9;

/** Zones and local "now"s that put a daylight-saving change (or none) inside the search. */
const SETTINGS: readonly (readonly [string, string])[] = [
	['America/Chicago', '2027-03-10T07:00'],
	['America/Chicago', '2027-11-03T23:30'],
	['Australia/Lord_Howe', '2027-09-29T07:00'],
	['Australia/Lord_Howe', '2027-03-31T07:00'],
	['America/Phoenix', '2027-03-10T07:00']
];

const hhmm = (minutes: number) =>
	`${String(Math.floor(minutes / 60) % 24).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

const fiveMinutes = (max: number) => fc.integer({ min: 0, max: max / 5 }).map((n) => n * 5);

const hoursArbitrary = fc.record({
	practitionerId: fc.integer({ min: 1, max: 3 }),
	day: fc.integer({ min: 0, max: 6 }),
	start: fiveMinutes(1435),
	length: fc.integer({ min: 6, max: 144 }).map((n) => n * 5)
});

const spanArbitrary = fc.oneof(
	fc.record({
		kind: fc.constant('instants' as const),
		offset: fiveMinutes(SEARCH_DAYS * 1440),
		length: fc.integer({ min: 3, max: 600 }).map((n) => n * 5)
	}),
	fc.record({
		kind: fc.constant('calendar' as const),
		day: fc.integer({ min: -1, max: SEARCH_DAYS }),
		days: fc.integer({ min: 0, max: 2 }),
		startTime: fc.option(fiveMinutes(1435), { nil: undefined }),
		endTime: fc.option(fiveMinutes(1435), { nil: undefined })
	})
);

const scheduleArbitrary = fc.record({
	setting: fc.constantFrom(...SETTINGS),
	weekly: fc.array(hoursArbitrary, { maxLength: 12 }),
	extra: fc.array(hoursArbitrary, { maxLength: 3 }),
	timeOff: fc.array(
		fc.record({ practitionerId: fc.integer({ min: 1, max: 3 }), span: spanArbitrary }),
		{
			maxLength: 3
		}
	),
	closures: fc.array(fc.record({ everywhere: fc.boolean(), span: spanArbitrary }), {
		maxLength: 2
	}),
	roomKinds: fc.array(fc.constantFrom('a', 'b'), { minLength: 1, maxLength: 3 }),
	service: fc.record({
		duration: fc.integer({ min: 1, max: 12 }).map((n) => n * 10),
		before: fiveMinutes(20),
		after: fiveMinutes(20),
		roomKind: fc.constantFrom('a', 'b', null)
	}),
	step: fc.constantFrom(5, 10, 15, 20, 30, 45, 60),
	notice: fiveMinutes(300),
	window: fc.integer({ min: 2, max: 12 }),
	appointments: fc.array(
		fc.record({
			practitionerId: fc.integer({ min: 1, max: 3 }),
			room: fc.integer({ min: 0, max: 3 }),
			offset: fiveMinutes(SEARCH_DAYS * 1440),
			length: fc.integer({ min: 2, max: 24 }).map((n) => n * 5),
			before: fiveMinutes(15),
			after: fiveMinutes(15)
		}),
		{ maxLength: 40 }
	),
	pick: fc.nat()
});

type ScheduleValue = typeof scheduleArbitrary extends fc.Arbitrary<infer T> ? T : never;

interface Case {
	readonly input: SchedulingInput;
	readonly query: SlotQuery;
	readonly service: SchedulingService;
	readonly timeZone: string;
	readonly today: Temporal.PlainDate;
}

function buildCase(schedule: ScheduleValue): Case {
	const [timeZone, localNow] = schedule.setting;
	const now = Temporal.PlainDateTime.from(localNow).toZonedDateTime(timeZone);
	const today = now.toPlainDate();
	const midnight = today.toZonedDateTime(timeZone).toInstant();
	const span = (value: ScheduleValue['closures'][number]['span']): TimeSpan =>
		value.kind === 'instants'
			? {
					start: midnight.add({ minutes: value.offset }),
					end: midnight.add({ minutes: value.offset + value.length })
				}
			: {
					startDate: today.add({ days: value.day }),
					startTime: value.startTime === undefined ? undefined : hhmm(value.startTime),
					endDate: today.add({ days: value.day + value.days }),
					endTime: value.endTime === undefined ? undefined : hhmm(value.endTime)
				};
	const service: SchedulingService = {
		id: 1,
		durationMinutes: schedule.service.duration,
		bufferBeforeMinutes: schedule.service.before,
		bufferAfterMinutes: schedule.service.after,
		roomKind: schedule.service.roomKind
	};
	const input: SchedulingInput = {
		now: now.toInstant(),
		locations: [{ id: 1, timeZone }],
		weeklyHours: schedule.weekly.map((hours) => ({
			practitionerId: hours.practitionerId,
			locationId: 1,
			weekday: (hours.day + 1) as Weekday,
			start: hhmm(hours.start),
			end: hhmm((hours.start + hours.length) % 1440)
		})),
		extraHours: schedule.extra.map((hours) => ({
			practitionerId: hours.practitionerId,
			locationId: 1,
			date: today.add({ days: hours.day }),
			start: hhmm(hours.start),
			end: hhmm((hours.start + hours.length) % 1440)
		})),
		timeOff: schedule.timeOff.map((entry) => ({
			practitionerId: entry.practitionerId,
			span: span(entry.span)
		})),
		closures: schedule.closures.map((entry) => ({
			locationId: entry.everywhere ? null : 1,
			span: span(entry.span)
		})),
		rooms: schedule.roomKinds.map((kind, index) => ({ id: index + 1, locationId: 1, kind })),
		services: [service],
		policy: {
			slotStepMinutes: schedule.step,
			minimumNoticeMinutes: schedule.notice,
			bookingWindowDays: schedule.window
		},
		appointments: schedule.appointments.map((entry) => ({
			practitionerId: entry.practitionerId,
			roomId: entry.room === 0 ? null : entry.room,
			start: midnight.add({ minutes: entry.offset }),
			end: midnight.add({ minutes: entry.offset + entry.length }),
			bufferBeforeMinutes: entry.before,
			bufferAfterMinutes: entry.after
		}))
	};
	const query: SlotQuery = {
		serviceId: 1,
		practitionerId: 'any',
		from: today,
		to: today.add({ days: SEARCH_DAYS })
	};
	return { input, query, service, timeZone, today };
}

/** The oracle's reading of a wall-clock boundary: the first instant showing that time or later. */
function boundary(date: Temporal.PlainDate, minutes: number, timeZone: string): number {
	const wall = date.toPlainDateTime({ hour: Math.floor(minutes / 60), minute: minutes % 60 });
	const earlier = wall.toZonedDateTime(timeZone, { disambiguation: 'earlier' });
	if (earlier.toPlainDateTime().equals(wall)) return earlier.epochMilliseconds;
	return earlier.getTimeZoneTransition('next')!.epochMilliseconds;
}

interface OracleInterval {
	readonly start: number;
	readonly end: number;
	/** The wall-clock start as local milliseconds, for the grid check. */
	readonly anchor: number;
}

const parse = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** Working intervals of one practitioner, straight from Temporal. */
function oracleHours(input: SchedulingInput, practitionerId: number, today: Temporal.PlainDate) {
	const timeZone = input.locations[0]!.timeZone;
	const intervals: OracleInterval[] = [];
	const add = (date: Temporal.PlainDate, start: string, end: string) => {
		const startMinutes = parse(start);
		const endMinutes = parse(end);
		const endDate = endMinutes <= startMinutes ? date.add({ days: 1 }) : date;
		intervals.push({
			start: boundary(date, startMinutes, timeZone),
			end: boundary(endDate, endMinutes, timeZone),
			anchor:
				date.toPlainDateTime().toZonedDateTime('UTC').epochMilliseconds + startMinutes * MINUTE
		});
	};
	for (let offset = -3; offset <= SEARCH_DAYS + 1; offset += 1) {
		const date = today.add({ days: offset });
		for (const hours of input.weeklyHours) {
			if (hours.practitionerId === practitionerId && hours.weekday === date.dayOfWeek) {
				add(date, hours.start, hours.end);
			}
		}
		for (const hours of input.extraHours) {
			if (hours.practitionerId === practitionerId && hours.date.equals(date)) {
				add(date, hours.start, hours.end);
			}
		}
	}
	return intervals.filter((interval) => interval.end > interval.start);
}

function oracleSpan(span: TimeSpan, timeZone: string): { start: number; end: number } {
	if (!('startDate' in span)) {
		return { start: span.start.epochMilliseconds, end: span.end.epochMilliseconds };
	}
	return {
		start: boundary(span.startDate, span.startTime ? parse(span.startTime) : 0, timeZone),
		end: span.endTime
			? boundary(span.endDate, parse(span.endTime), timeZone)
			: boundary(span.endDate.add({ days: 1 }), 0, timeZone)
	};
}

/** Whether the union of intervals covers [start, end) without a hole. */
function covered(intervals: readonly { start: number; end: number }[], start: number, end: number) {
	let reached = start;
	for (const interval of [...intervals].sort((a, b) => a.start - b.start)) {
		if (interval.start > reached) break;
		reached = Math.max(reached, interval.end);
		if (reached >= end) return true;
	}
	return reached >= end;
}

const overlaps = (a: { start: number; end: number }, start: number, end: number) =>
	a.start < end && start < a.end;

function held(appointment: BookedAppointment) {
	return {
		start: appointment.start.epochMilliseconds - appointment.bufferBeforeMinutes * MINUTE,
		end: appointment.end.epochMilliseconds + appointment.bufferAfterMinutes * MINUTE
	};
}

function heldBySlot(slot: OpenSlot, service: SchedulingService) {
	return {
		start: slot.start.epochMilliseconds - service.bufferBeforeMinutes * MINUTE,
		end: slot.end.epochMilliseconds + service.bufferAfterMinutes * MINUTE
	};
}

/** A handful of slots spread over the list, for the checks that cost a Temporal call each. */
function sample(slots: readonly OpenSlot[], count: number): OpenSlot[] {
	if (slots.length <= count) return [...slots];
	return Array.from(
		{ length: count },
		(_, index) => slots[Math.floor((index * slots.length) / count)]!
	);
}

const RUNS = { numRuns: 120, seed: 20271107 };

describe('availability properties', () => {
	it('no slot overlaps a busy interval (buffers included) of its practitioner or its room', () => {
		fc.assert(
			fc.property(scheduleArbitrary, (schedule) => {
				const { input, query, service } = buildCase(schedule);
				for (const slot of findOpenSlots(input, query)) {
					const window = heldBySlot(slot, service);
					for (const appointment of input.appointments) {
						const sharesSomething =
							appointment.practitionerId === slot.practitionerId ||
							(slot.roomId !== null && appointment.roomId === slot.roomId);
						if (sharesSomething) {
							expect(overlaps(held(appointment), window.start, window.end)).toBe(false);
						}
					}
				}
			}),
			RUNS
		);
	});

	it('every slot lies inside working hours, outside time off and closures, on the grid and within the policy', () => {
		fc.assert(
			fc.property(scheduleArbitrary, (schedule) => {
				const { input, query, service, timeZone, today } = buildCase(schedule);
				const slots = findOpenSlots(input, query);
				const closures = input.closures.map((closure) => oracleSpan(closure.span, timeZone));
				const hoursOf = new Map(
					[1, 2, 3].map((id) => [id, oracleHours(input, id, today)] as const)
				);
				const lastDate = today.add({ days: Math.min(SEARCH_DAYS, input.policy.bookingWindowDays) });
				const earliest = input.now.epochMilliseconds + input.policy.minimumNoticeMinutes * MINUTE;
				for (const slot of slots) {
					const window = heldBySlot(slot, service);
					const hours = hoursOf.get(slot.practitionerId)!;
					expect(covered(hours, window.start, window.end)).toBe(true);
					for (const entry of input.timeOff) {
						if (entry.practitionerId !== slot.practitionerId) continue;
						expect(overlaps(oracleSpan(entry.span, timeZone), window.start, window.end)).toBe(
							false
						);
					}
					for (const closure of closures) {
						expect(overlaps(closure, window.start, window.end)).toBe(false);
					}
					expect(slot.end.epochMilliseconds - slot.start.epochMilliseconds).toBe(
						service.durationMinutes * MINUTE
					);
					expect(slot.start.epochMilliseconds).toBeGreaterThanOrEqual(earliest);
					const room = input.rooms.find((candidate) => candidate.id === slot.roomId);
					expect(room?.kind ?? null).toBe(service.roomKind);
				}
				for (const slot of sample(slots, 25)) {
					const local = slot.start.toZonedDateTimeISO(timeZone);
					const date = local.toPlainDate();
					expect(Temporal.PlainDate.compare(date, today)).toBeGreaterThanOrEqual(0);
					expect(Temporal.PlainDate.compare(date, lastDate)).toBeLessThanOrEqual(0);
					const wall = local.toPlainDateTime().toZonedDateTime('UTC').epochMilliseconds;
					const onGrid = hoursOf
						.get(slot.practitionerId)!
						.some(
							(interval) =>
								interval.start <= slot.start.epochMilliseconds &&
								(wall - interval.anchor) % (input.policy.slotStepMinutes * MINUTE) === 0
						);
					expect(onGrid).toBe(true);
				}
				// Sorted by start then practitioner, one entry per practitioner per start.
				for (let index = 1; index < slots.length; index += 1) {
					const a = slots[index - 1]!;
					const b = slots[index]!;
					const order =
						a.start.epochMilliseconds - b.start.epochMilliseconds ||
						a.practitionerId - b.practitionerId;
					expect(order).toBeLessThan(0);
				}
			}),
			RUNS
		);
	});

	it('booking any offered slot succeeds, and afterwards that slot is no longer offered', () => {
		fc.assert(
			fc.property(scheduleArbitrary, (schedule) => {
				const { input, query, service } = buildCase(schedule);
				const slots = findOpenSlots(input, query);
				fc.pre(slots.length > 0);
				const slot = slots[schedule.pick % slots.length]!;
				const request = {
					serviceId: service.id,
					practitionerId: slot.practitionerId,
					start: slot.start
				};
				expect(checkBooking(input, request)).toEqual({ open: true, slot });

				const booked: SchedulingInput = {
					...input,
					appointments: [
						...input.appointments,
						{
							practitionerId: slot.practitionerId,
							roomId: slot.roomId,
							start: slot.start,
							end: slot.end,
							bufferBeforeMinutes: service.bufferBeforeMinutes,
							bufferAfterMinutes: service.bufferAfterMinutes
						}
					]
				};
				const after = findOpenSlots(booked, query);
				const same = (other: OpenSlot) =>
					other.practitionerId === slot.practitionerId && other.start.equals(slot.start);
				expect(after.some(same)).toBe(false);
				expect(checkBooking(booked, request)).toEqual({ open: false, reason: 'practitioner_busy' });
				// Nothing offered afterwards collides with the new booking's practitioner or room.
				const window = heldBySlot(slot, service);
				for (const other of after) {
					const shares =
						other.practitionerId === slot.practitionerId ||
						(slot.roomId !== null && other.roomId === slot.roomId);
					if (shares) {
						const otherWindow = heldBySlot(other, service);
						expect(overlaps(window, otherWindow.start, otherWindow.end)).toBe(false);
					}
				}
			}),
			RUNS
		);
	});

	it('every offered slot passes the single-booking check with the same room', () => {
		fc.assert(
			fc.property(scheduleArbitrary, (schedule) => {
				const { input, query, service } = buildCase(schedule);
				for (const slot of sample(findOpenSlots(input, query), 8)) {
					const result = checkBooking(input, {
						serviceId: service.id,
						practitionerId: slot.practitionerId,
						start: slot.start
					});
					expect(result).toEqual({ open: true, slot });
				}
			}),
			{ numRuns: 60, seed: 20270404 }
		);
	});
});
