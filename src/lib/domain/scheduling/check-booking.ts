import { Temporal } from 'temporal-polyfill';
import { bookingBounds } from './booking-bounds';
import { buildBusyIndex, practitionerBusy, roomBusy } from './busy-index';
import { findContaining, overlapsAny } from './intervals';
import { firstFreeRoom, roomsForService } from './rooms';
import {
	buildScheduleContext,
	locationOf,
	serviceOf,
	viewLocation,
	type ScheduleContext
} from './schedule-context';
import type {
	BookingCheck,
	BookingRequest,
	RefusalReason,
	SchedulingInput,
	SchedulingLocation,
	SchedulingService
} from './types';
import { epochDayOf, MS_PER_MINUTE } from './wall-clock';
import { workingTime } from './working-time';

/**
 * When no location is named and every location refuses, the refusal that got furthest is the
 * most useful to report ("busy" says more than "outside hours" at a place they never work).
 */
const REASON_ORDER: readonly RefusalReason[] = [
	'too_soon',
	'too_far_ahead',
	'outside_hours',
	'closed',
	'practitioner_busy',
	'no_room'
];

/**
 * Whether one booking is still open, given the same inputs as `findOpenSlots`, and which room
 * it gets. The booking service calls this inside its transaction, right before the insert.
 *
 * The checks run in this order and the first failure is the reason: `too_soon` (before now
 * plus the minimum notice), `too_far_ahead` (after the booking window, by local date),
 * `outside_hours` (the practitioner does not work, or has time off, for all of the service and
 * its buffers), `closed` (they would work, but a closure overlaps it), `practitioner_busy`,
 * `no_room`. Hours come before closures so that `closed` only ever means "the clinic's
 * closure is what stands in the way".
 *
 * Every offered slot passes. The reverse is deliberately looser: the start need not sit on the
 * slot grid, so the front desk can book a caller at 10:05; the public flow only ever submits
 * offered starts. A named room must be at the location, of the needed kind and free.
 */
export function checkBooking(input: SchedulingInput, request: BookingRequest): BookingCheck {
	return checkBookingIn(buildScheduleContext(input), request);
}

/** `checkBooking` on an input that has already been read into a context. */
export function checkBookingIn(context: ScheduleContext, request: BookingRequest): BookingCheck {
	const service = serviceOf(context, request.serviceId);
	const startMs = request.start.epochMilliseconds;
	if (
		startMs <
		context.input.now.epochMilliseconds + context.input.policy.minimumNoticeMinutes * MS_PER_MINUTE
	) {
		return { open: false, reason: 'too_soon' };
	}
	const locations =
		request.locationId === undefined
			? [...context.locations.values()]
					.filter((location) => context.hours.get(location.id)?.has(request.practitionerId))
					.sort((a, b) => a.id - b.id)
			: [locationOf(context, request.locationId)];
	let furthest: RefusalReason | undefined;
	for (const location of locations) {
		const result = checkAtLocation(context, request, service, location);
		if (result.open) return result;
		if (!furthest || REASON_ORDER.indexOf(result.reason) > REASON_ORDER.indexOf(furthest)) {
			furthest = result.reason;
		}
	}
	// No location has hours for this practitioner at all.
	return { open: false, reason: furthest ?? 'outside_hours' };
}

function checkAtLocation(
	context: ScheduleContext,
	request: BookingRequest,
	service: SchedulingService,
	location: SchedulingLocation
): BookingCheck {
	const bounds = bookingBounds(context.input.policy, context.input.now, location);
	const startDay = epochDayOf(request.start.toZonedDateTimeISO(location.timeZone).toPlainDate());
	if (startDay > bounds.lastDay) return { open: false, reason: 'too_far_ahead' };

	const startMs = request.start.epochMilliseconds;
	const endMs = startMs + service.durationMinutes * MS_PER_MINUTE;
	const heldStart = startMs - service.bufferBeforeMinutes * MS_PER_MINUTE;
	const heldEnd = endMs + service.bufferAfterMinutes * MS_PER_MINUTE;
	const view = viewLocation(context, location, startDay - 1, startDay + 1);
	// Hours begun up to two days before can reach this start (24-hour hours, long buffers).
	const { present } = workingTime(
		context,
		view,
		request.practitionerId,
		startDay - 2,
		startDay + 1
	);
	if (!findContaining(present, heldStart, heldEnd)) return { open: false, reason: 'outside_hours' };
	if (overlapsAny(view.closed, heldStart, heldEnd)) return { open: false, reason: 'closed' };
	// Only appointments overlapping this one matter, so the index holds just those.
	const busy = buildBusyIndex(context.input.appointments, { start: heldStart, end: heldEnd });
	if (overlapsAny(practitionerBusy(busy, request.practitionerId), heldStart, heldEnd)) {
		return { open: false, reason: 'practitioner_busy' };
	}

	let roomId: number | null = null;
	if (request.roomId !== undefined && request.roomId !== null) {
		const named = (context.rooms.get(location.id) ?? []).find((room) => room.id === request.roomId);
		if (
			!named ||
			(service.roomKind !== null && named.kind !== service.roomKind) ||
			overlapsAny(roomBusy(busy, named.id), heldStart, heldEnd)
		) {
			return { open: false, reason: 'no_room' };
		}
		roomId = named.id;
	} else if (service.roomKind !== null) {
		const rooms = roomsForService(context, location.id, service);
		const room = firstFreeRoom(busy, rooms, heldStart, heldEnd);
		if (!room) return { open: false, reason: 'no_room' };
		roomId = room.id;
	}
	return {
		open: true,
		slot: {
			start: request.start,
			end: Temporal.Instant.fromEpochMilliseconds(endMs),
			practitionerId: request.practitionerId,
			locationId: location.id,
			roomId
		}
	};
}
