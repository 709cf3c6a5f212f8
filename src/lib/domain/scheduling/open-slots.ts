import { Temporal } from 'temporal-polyfill';
import { bookingBounds } from './booking-bounds';
import { buildBusyIndex, practitionerBusy, type BusyIndex } from './busy-index';
import { firstOverlap } from './intervals';
import { instantOfBoundary, type OffsetSegment } from './offset-timeline';
import { freeRoomOrFreedAt, roomsForService } from './rooms';
import {
	buildScheduleContext,
	locationOf,
	practitionersAt,
	serviceOf,
	viewLocation,
	type ScheduleContext
} from './schedule-context';
import type { OpenSlot, SchedulingInput, SchedulingLocation, SlotQuery } from './types';
import { epochDayOf, localMsOf, MS_PER_DAY, MS_PER_MINUTE } from './wall-clock';
import { workingTime, type WorkingInterval } from './working-time';

/** A slot before it is given Temporal values; the numbers keep the search cheap. */
interface RawSlot {
	readonly start: number;
	readonly practitionerId: number;
	readonly locationId: number;
	readonly roomId: number | null;
}

/**
 * The open slots for a service: times at which the practitioner works, is free and has a free
 * room of the right kind for the service and both its buffers, within the booking policy.
 *
 * Slot starts lie on a wall-clock grid: the start of the working hours plus whole steps. Each
 * grid time is placed with the offset in force at that moment, so a time that does not exist
 * (a spring-forward gap) is never offered and a time that exists twice (a fall-back fold) is
 * offered at both real instants, each with its own offset, if both fit. Sorted by start, then
 * practitioner, then location; one entry per practitioner per start.
 *
 * This is the whole computation, pure: a benchmark can call it directly.
 */
export function findOpenSlots(input: SchedulingInput, query: SlotQuery): OpenSlot[] {
	return openSlotsIn(buildScheduleContext(input), query);
}

/** `findOpenSlots` on an input that has already been read into a context. */
export function openSlotsIn(context: ScheduleContext, query: SlotQuery): OpenSlot[] {
	const locations =
		query.locationId === undefined
			? [...context.locations.values()].sort((a, b) => a.id - b.id)
			: [locationOf(context, query.locationId)];
	const service = serviceOf(context, query.serviceId);
	if (!(context.input.policy.slotStepMinutes > 0)) {
		throw new RangeError('The slot step must be a positive number of minutes');
	}
	// Local dates lie within a day of UTC dates, so two days either side (and the buffers)
	// hold every appointment that can touch a slot in the range, in any zone.
	const busy = buildBusyIndex(context.input.appointments, {
		start: (epochDayOf(query.from) - 2) * MS_PER_DAY - service.bufferBeforeMinutes * MS_PER_MINUTE,
		end:
			(epochDayOf(query.to) + 3) * MS_PER_DAY +
			(service.durationMinutes + service.bufferAfterMinutes) * MS_PER_MINUTE
	});
	const raw: RawSlot[] = [];
	for (const location of locations) collectSlots(context, busy, query, location, raw);
	raw.sort(
		(a, b) =>
			a.start - b.start || a.practitionerId - b.practitionerId || a.locationId - b.locationId
	);
	const slots: OpenSlot[] = [];
	const durationMs = service.durationMinutes * MS_PER_MINUTE;
	let previous: RawSlot | undefined;
	for (const slot of raw) {
		// A practitioner with overlapping hours at two locations keeps the lowest location only.
		if (previous?.start === slot.start && previous.practitionerId === slot.practitionerId) continue;
		previous = slot;
		slots.push({
			start: Temporal.Instant.fromEpochMilliseconds(slot.start),
			end: Temporal.Instant.fromEpochMilliseconds(slot.start + durationMs),
			practitionerId: slot.practitionerId,
			locationId: slot.locationId,
			roomId: slot.roomId
		});
	}
	return slots;
}

function collectSlots(
	context: ScheduleContext,
	busyIndex: BusyIndex,
	query: SlotQuery,
	location: SchedulingLocation,
	into: RawSlot[]
): void {
	const { policy, now } = context.input;
	const service = serviceOf(context, query.serviceId);
	const bounds = bookingBounds(policy, now, location);
	const firstDay = Math.max(epochDayOf(query.from), bounds.today);
	const lastDay = Math.min(epochDayOf(query.to), bounds.lastDay);
	if (firstDay > lastDay) return;

	const rooms = roomsForService(context, location.id, service);
	if (service.roomKind !== null && rooms.length === 0) return;
	const view = viewLocation(context, location, firstDay, lastDay);
	const practitionerIds =
		query.practitionerId === 'any'
			? practitionersAt(context, location.id).filter(
					(id) => query.practitionerIds === undefined || query.practitionerIds.includes(id)
				)
			: [query.practitionerId];

	const search: SlotSearch = {
		step: policy.slotStepMinutes * MS_PER_MINUTE,
		before: service.bufferBeforeMinutes * MS_PER_MINUTE,
		duration: service.durationMinutes * MS_PER_MINUTE,
		after: service.bufferAfterMinutes * MS_PER_MINUTE,
		// Slots belong to the local date they start on, so the range is cut at local midnights.
		earliest: Math.max(
			bounds.earliestStartMs,
			instantOfBoundary(view.timeline, localMsOf(firstDay, 0))
		),
		latest: instantOfBoundary(view.timeline, localMsOf(lastDay + 1, 0)) - 1
	};
	for (const practitionerId of practitionerIds) {
		// Hours from the day before can cross midnight into the first day, and a late slot on
		// the last day can run on into hours that begin at the next midnight.
		const { open } = workingTime(context, view, practitionerId, firstDay - 1, lastDay + 1);
		const busy = practitionerBusy(busyIndex, practitionerId);
		for (const interval of open) {
			forEachGridStart(view.timeline.segments, interval, search, (start) => {
				const heldStart = start - search.before;
				const heldEnd = start + search.duration + search.after;
				const blocking = firstOverlap(busy, heldStart, heldEnd);
				// Every later start whose buffer begins before the blocking end collides too.
				if (blocking) return blocking.end + search.before;
				let roomId: number | null = null;
				if (service.roomKind !== null) {
					const room = freeRoomOrFreedAt(busyIndex, rooms, heldStart, heldEnd);
					if (typeof room === 'number') return room + search.before;
					roomId = room.id;
				}
				into.push({ start, practitionerId, locationId: location.id, roomId });
				return start + 1;
			});
		}
	}
}

interface SlotSearch {
	readonly step: number;
	readonly before: number;
	readonly duration: number;
	readonly after: number;
	/** First and last allowed start instants, inclusive. */
	readonly earliest: number;
	readonly latest: number;
}

/**
 * Calls `visit` with every real instant in an open interval whose wall-clock reading is on the
 * interval's grid and whose service and buffers fit inside it. Working per offset segment
 * makes this exact arithmetic: within a segment, wall clock = instant + offset, so the grid
 * times it holds are a contiguous run of steps. A gap belongs to no segment (nothing offered);
 * a fold belongs to two (both instants offered). `visit` returns the earliest instant worth
 * trying next, which lets a busy stretch be skipped in one jump instead of step by step.
 */
function forEachGridStart(
	segments: readonly OffsetSegment[],
	interval: WorkingInterval,
	search: SlotSearch,
	visit: (start: number) => number
): void {
	const low = Math.max(interval.start + search.before, search.earliest);
	const high = Math.min(interval.end - search.duration - search.after, search.latest);
	if (low > high) return;
	for (const segment of segments) {
		const segmentLow = Math.max(low, segment.start);
		const segmentHigh = Math.min(high, segment.end - 1);
		if (segmentLow > segmentHigh) continue;
		const origin = interval.anchorLocalMs - segment.offsetMs;
		const last = Math.floor((segmentHigh - origin) / search.step);
		let step = Math.ceil((segmentLow - origin) / search.step);
		while (step <= last) {
			const resume = visit(origin + step * search.step);
			step = Math.max(step + 1, Math.ceil((resume - origin) / search.step));
		}
	}
}
