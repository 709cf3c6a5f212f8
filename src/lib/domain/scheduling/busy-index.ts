import { mergeIntervals, type Interval } from './intervals';
import type { BookedAppointment } from './types';
import { MS_PER_MINUTE } from './wall-clock';

/**
 * Busy time per practitioner and per room, sorted and merged once so that each candidate
 * slot costs a binary search instead of a pass over every appointment. Only the appointments
 * near the searched days are indexed: a clinic's table is mostly history.
 */
export interface BusyIndex {
	readonly byPractitioner: ReadonlyMap<number, readonly Interval[]>;
	readonly byRoom: ReadonlyMap<number, readonly Interval[]>;
}

const NOTHING_BUSY: readonly Interval[] = [];

/** The time an appointment holds: [start − buffer before, end + buffer after). */
export function heldInterval(appointment: BookedAppointment): Interval {
	return {
		start: appointment.start.epochMilliseconds - appointment.bufferBeforeMinutes * MS_PER_MINUTE,
		end: appointment.end.epochMilliseconds + appointment.bufferAfterMinutes * MS_PER_MINUTE
	};
}

/**
 * Sorts the held time of every appointment that overlaps `within` under its practitioner and
 * under its room; held time outside `within` cannot touch a slot inside it.
 */
export function buildBusyIndex(
	appointments: readonly BookedAppointment[],
	within: Interval = { start: -Infinity, end: Infinity }
): BusyIndex {
	const practitioners = new Map<number, Interval[]>();
	const rooms = new Map<number, Interval[]>();
	for (const appointment of appointments) {
		const held = heldInterval(appointment);
		if (held.end <= within.start || held.start >= within.end) continue;
		appendTo(practitioners, appointment.practitionerId, held);
		if (appointment.roomId !== null) appendTo(rooms, appointment.roomId, held);
	}
	return { byPractitioner: mergeEach(practitioners), byRoom: mergeEach(rooms) };
}

/** A practitioner's busy time, sorted. */
export function practitionerBusy(index: BusyIndex, practitionerId: number): readonly Interval[] {
	return index.byPractitioner.get(practitionerId) ?? NOTHING_BUSY;
}

/** A room's busy time, sorted. */
export function roomBusy(index: BusyIndex, roomId: number): readonly Interval[] {
	return index.byRoom.get(roomId) ?? NOTHING_BUSY;
}

function appendTo(map: Map<number, Interval[]>, key: number, interval: Interval): void {
	const list = map.get(key);
	if (list) list.push(interval);
	else map.set(key, [interval]);
}

function mergeEach(map: Map<number, Interval[]>): Map<number, Interval[]> {
	const merged = new Map<number, Interval[]>();
	for (const [key, list] of map) merged.set(key, mergeIntervals(list));
	return merged;
}
