import type { Temporal } from 'temporal-polyfill';
import { collapseToOnePerStart } from './collapse-slots';
import { openSlotsIn } from './open-slots';
import { buildScheduleContext, locationOf } from './schedule-context';
import type { OpenSlot, SchedulingInput } from './types';

/** The time that was refused, and whom it was for. */
export interface AlternativeRequest {
	readonly serviceId: number;
	readonly practitionerId: number | 'any';
	readonly start: Temporal.Instant;
	/** Only this location; all locations when omitted. */
	readonly locationId?: number;
	/** Who may stand in (e.g. those who offer the service); everyone with hours when omitted. */
	readonly practitionerIds?: readonly number[];
}

/** How many alternatives to look for, and how far. */
export interface AlternativeOptions {
	/** At most this many slots before the refused time (default 3). */
	readonly before?: number;
	/** At most this many slots after it (default 3). */
	readonly after?: number;
	/** Search this many days either side of the refused date (default 7). */
	readonly searchDays?: number;
}

/**
 * The open slots nearest to a refused time, for "that time was just taken, how about...".
 * The same practitioner comes first: up to `before` of their slots just before the refused
 * time and up to `after` just after. Places left over on either side are filled with anyone
 * else's nearest slots, one per start time (see `collapseToOnePerStart`). For 'any' every
 * slot is "anyone's". The result lists the same practitioner's slots by start, then the
 * others by start. Dates are searched in the zone of the requested location, or of the
 * lowest-numbered one when none is named; each location then reads them in its own zone.
 */
export function findAlternativeSlots(
	input: SchedulingInput,
	request: AlternativeRequest,
	options: AlternativeOptions = {}
): OpenSlot[] {
	const { before = 3, after = 3, searchDays = 7 } = options;
	const context = buildScheduleContext(input);
	const location =
		request.locationId === undefined
			? [...context.locations.values()].sort((a, b) => a.id - b.id)[0]
			: locationOf(context, request.locationId);
	if (!location) return [];
	const date = request.start.toZonedDateTimeISO(location.timeZone).toPlainDate();
	const slots = openSlotsIn(context, {
		serviceId: request.serviceId,
		practitionerId: 'any',
		locationId: request.locationId,
		from: date.subtract({ days: searchDays }),
		to: date.add({ days: searchDays }),
		practitionerIds: request.practitionerIds
	});

	const refused = request.start.epochMilliseconds;
	const same = request.practitionerId;
	const own = slots.filter((slot) => slot.practitionerId === same);
	const ownBefore = nearestBefore(own, refused, before);
	// The refused start itself is what was just taken from this practitioner.
	const ownAfter = nearestAfter(own, refused + 1, after);
	const others = collapseToOnePerStart(
		slots.filter((slot) => slot.practitionerId !== same),
		input
	);
	return [
		...ownBefore,
		...ownAfter,
		...nearestBefore(others, refused, before - ownBefore.length),
		...nearestAfter(others, refused, after - ownAfter.length)
	];
}

/** Up to `count` slots starting before `instant`, the closest ones, in start order. */
function nearestBefore(slots: readonly OpenSlot[], instant: number, count: number): OpenSlot[] {
	if (count <= 0) return [];
	const earlier = slots.filter((slot) => slot.start.epochMilliseconds < instant);
	return earlier.slice(Math.max(0, earlier.length - count));
}

/** Up to `count` slots starting at or after `instant`, the closest ones, in start order. */
function nearestAfter(slots: readonly OpenSlot[], instant: number, count: number): OpenSlot[] {
	if (count <= 0) return [];
	return slots.filter((slot) => slot.start.epochMilliseconds >= instant).slice(0, count);
}
