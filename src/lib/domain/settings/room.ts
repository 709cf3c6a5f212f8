import { z } from 'zod';
import { appointmentCount, recordId, singleLineText } from './fields';

/** A room's name and kind, as the owner adds or edits it. */
export const roomForm = z.object({
	name: singleLineText('the room name', 2, 60),
	kind: z
		.string({ error: 'Choose the kind of room.' })
		.trim()
		.min(1, 'Choose the kind of room.')
		.max(40, 'Choose the kind of room.')
});

export const newRoomForm = roomForm.extend({ location: recordId });
export const roomChangeForm = roomForm.extend({ id: recordId });

/**
 * The problems of a room's name and kind against the location's other rooms and the kinds the
 * clinic uses: a kind no service needs would never be booked, and two rooms of one name could
 * not be told apart in the calendar.
 */
export function roomProblems(
	room: { id?: number; name: string; kind: string },
	context: {
		kinds: readonly string[];
		roomsAtLocation: readonly { id: number; name: string }[];
	}
): Record<string, string> {
	const problems: Record<string, string> = {};
	if (!context.kinds.includes(room.kind)) problems.kind = 'Choose one of the listed kinds.';
	const name = room.name.toLocaleLowerCase('en-US');
	if (
		context.roomsAtLocation.some(
			(other) => other.id !== room.id && other.name.toLocaleLowerCase('en-US') === name
		)
	) {
		problems.name = 'Another room here has this name; give each room its own.';
	}
	return problems;
}

/**
 * Why a room may not be retired now, or null when it may. Its booked visits would otherwise
 * keep a room nobody sees in the settings any more.
 */
export function roomRetirementRefusal(room: {
	name: string;
	upcomingAppointments: number;
}): string | null {
	if (room.upcomingAppointments === 0) return null;
	return (
		`${room.name} still holds ${appointmentCount(room.upcomingAppointments)} booked ahead. ` +
		'Move them to another room or time first, then retire it.'
	);
}

/**
 * The services a room change would leave without any active room of the kind they need at the
 * location, named for the refusal. Only services the change strands count: one that had no
 * room before is not this change's doing.
 */
export function strandedServices(
	services: readonly { name: string; roomKind: string | null }[],
	roomsBefore: readonly { kind: string; active: boolean }[],
	roomsAfter: readonly { kind: string; active: boolean }[]
): string[] {
	const has = (rooms: readonly { kind: string; active: boolean }[], kind: string) =>
		rooms.some((room) => room.active && room.kind === kind);
	return services
		.filter(
			(service) =>
				service.roomKind !== null &&
				has(roomsBefore, service.roomKind) &&
				!has(roomsAfter, service.roomKind)
		)
		.map((service) => service.name);
}

/** Why a room change may not be made because it strands services, or null. */
export function strandedServicesRefusal(kind: string, services: readonly string[]): string | null {
	if (services.length === 0) return null;
	const one = services.length === 1;
	return (
		`This is the last active ${kind} room here, and ${services.join(', ')} ` +
		`${one ? 'needs' : 'need'} one: nobody could book ${one ? 'it' : 'them'}. ` +
		`Add another ${kind} room first, or change the room kind the ` +
		`${one ? 'service needs' : 'services need'} in Settings.`
	);
}
