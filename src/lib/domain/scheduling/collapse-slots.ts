import { buildOffsetTimeline, localMsAt, type OffsetTimeline } from './offset-timeline';
import type { OpenSlot, SchedulingInput } from './types';
import { epochDayOfLocalMs, MS_PER_DAY } from './wall-clock';

/**
 * Collapses an 'any practitioner' slot list to one slot per start time and location, for a
 * patient who does not mind whom they see. The practitioner chosen is the one with the fewest
 * appointments that local day (spreading the work), and on a tie the lowest id, so the same
 * inputs always give the same answer. Appointments are counted wherever they are, because a
 * busy day elsewhere is still a busy day. The result keeps the input order (start, then
 * location).
 */
export function collapseToOnePerStart(
	slots: readonly OpenSlot[],
	input: SchedulingInput
): OpenSlot[] {
	if (slots.length === 0) return [];
	const loadOf = dailyLoad(slots, input);
	const chosen = new Map<string, OpenSlot>();
	for (const slot of slots) {
		const key = `${slot.locationId}:${slot.start.epochMilliseconds}`;
		const current = chosen.get(key);
		if (!current) {
			chosen.set(key, slot);
			continue;
		}
		const load = loadOf(slot);
		const currentLoad = loadOf(current);
		if (
			load < currentLoad ||
			(load === currentLoad && slot.practitionerId < current.practitionerId)
		) {
			chosen.set(key, slot);
		}
	}
	return [...chosen.values()].sort(
		(a, b) => a.start.epochMilliseconds - b.start.epochMilliseconds || a.locationId - b.locationId
	);
}

/** Appointments per practitioner and local date at one location. */
interface LocationLoad {
	readonly timeline: OffsetTimeline;
	readonly byPractitionerDay: ReadonlyMap<string, number>;
}

/**
 * A function giving, for a slot, how many appointments its practitioner has on the slot's
 * local date. Counting goes through one offset timeline per location, because asking
 * Temporal for the date of thousands of appointments would cost more than the slot search.
 */
function dailyLoad(slots: readonly OpenSlot[], input: SchedulingInput): (slot: OpenSlot) => number {
	let earliest = Infinity;
	let latest = -Infinity;
	for (const slot of slots) {
		earliest = Math.min(earliest, slot.start.epochMilliseconds);
		latest = Math.max(latest, slot.start.epochMilliseconds);
	}
	const loads = new Map<number, LocationLoad>();
	const loadAt = (locationId: number): LocationLoad => {
		const known = loads.get(locationId);
		if (known) return known;
		const timeZone = input.locations.find((location) => location.id === locationId)?.timeZone;
		if (!timeZone) throw new RangeError(`Unknown location ${locationId}`);
		const timeline = buildOffsetTimeline(timeZone, earliest - MS_PER_DAY, latest + MS_PER_DAY);
		const byPractitionerDay = new Map<string, number>();
		for (const appointment of input.appointments) {
			const start = appointment.start.epochMilliseconds;
			// Only appointments near the slots can share a local date with one.
			if (start < earliest - 2 * MS_PER_DAY || start > latest + 2 * MS_PER_DAY) continue;
			const key = `${appointment.practitionerId}:${localDay(timeline, start)}`;
			byPractitionerDay.set(key, (byPractitionerDay.get(key) ?? 0) + 1);
		}
		const load = { timeline, byPractitionerDay };
		loads.set(locationId, load);
		return load;
	};
	return (slot) => {
		const { timeline, byPractitionerDay } = loadAt(slot.locationId);
		const day = localDay(timeline, slot.start.epochMilliseconds);
		return byPractitionerDay.get(`${slot.practitionerId}:${day}`) ?? 0;
	};
}

function localDay(timeline: OffsetTimeline, instantMs: number): number {
	return epochDayOfLocalMs(localMsAt(timeline, instantMs));
}
