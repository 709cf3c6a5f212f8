import { firstOverlap, overlapsAny } from './intervals';
import { roomBusy, type BusyIndex } from './busy-index';
import type { SchedulingRoom, SchedulingService } from './types';
import type { ScheduleContext } from './schedule-context';

const NO_ROOMS: readonly SchedulingRoom[] = [];

/** The rooms at a location that suit a service, lowest id first (none if it needs no room). */
export function roomsForService(
	context: ScheduleContext,
	locationId: number,
	service: SchedulingService
): readonly SchedulingRoom[] {
	if (service.roomKind === null) return NO_ROOMS;
	return (context.rooms.get(locationId) ?? NO_ROOMS).filter(
		(room) => room.kind === service.roomKind
	);
}

/**
 * The first room of the list that is free for all of [start, end). Taking the lowest id keeps
 * the choice deterministic, so the slot list and the booking check name the same room.
 */
export function firstFreeRoom(
	busy: BusyIndex,
	rooms: readonly SchedulingRoom[],
	start: number,
	end: number
): SchedulingRoom | undefined {
	return rooms.find((room) => !overlapsAny(roomBusy(busy, room.id), start, end));
}

/**
 * The first free room for [start, end), or else the instant at which the earliest of the
 * rooms' blocking appointments ends: no window starting before then can have a room either.
 */
export function freeRoomOrFreedAt(
	busy: BusyIndex,
	rooms: readonly SchedulingRoom[],
	start: number,
	end: number
): SchedulingRoom | number {
	let freedAt = Infinity;
	for (const room of rooms) {
		const blocking = firstOverlap(roomBusy(busy, room.id), start, end);
		if (!blocking) return room;
		freedAt = Math.min(freedAt, blocking.end);
	}
	return freedAt;
}
