import { overlapsAny } from './intervals';
import { roomBusy } from './busy-index';
import type { ScheduleContext } from './schedule-context';
import type { SchedulingRoom, SchedulingService } from './types';

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
	context: ScheduleContext,
	rooms: readonly SchedulingRoom[],
	start: number,
	end: number
): SchedulingRoom | undefined {
	return rooms.find((room) => !overlapsAny(roomBusy(context.busy, room.id), start, end));
}
