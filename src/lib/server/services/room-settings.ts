import type { Kysely, Transaction } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { recordId } from '$lib/domain/settings/fields';
import {
	newRoomForm,
	roomChangeForm,
	roomProblems,
	roomRetirementRefusal,
	strandedServices,
	strandedServicesRefusal
} from '$lib/domain/settings/room';
import { can } from '$lib/domain/staff/roles';
import { countUpcomingAppointments } from '../db/repositories/appointment-repository';
import { listLocations } from '../db/repositories/clinic-repository';
import {
	findRoom,
	insertRoom,
	listRoomKinds,
	listRooms,
	saveRoom,
	setRoomActive,
	type RoomRecord
} from '../db/repositories/room-repository';
import { lockLocationSchedule } from '../db/repositories/schedule-repository';
import { listServices } from '../db/repositories/service-repository';
import type { Database } from '../db/schema';
import type { StaffActor } from './audit';
import { recordStaffChange } from './record-staff-change';
import { readOwnerForm, type SettingsContext, type SettingsResult } from './settings-result';

const snapshot = ({ locationId, name, kind, active }: RoomRecord) => ({
	locationId,
	name,
	kind,
	active
});

/** Rooms by location, retired ones included, with what is booked in each and the kinds in use. */
export async function loadRoomSettings(
	db: Kysely<Database>,
	staff: StaffActor,
	now: Temporal.Instant
) {
	if (!can(staff, 'settings.manage')) return { kind: 'forbidden' as const };
	const [locations, rooms, kinds, services] = await Promise.all([
		listLocations(db),
		listRooms(db),
		listRoomKinds(db),
		listServices(db)
	]);
	const upcoming = await Promise.all(
		rooms.map((room) => countUpcomingAppointments(db, { roomId: room.id }, now))
	);
	return {
		kind: 'ok' as const,
		kinds: kinds.map((kind) => ({
			value: kind,
			neededBy: services.filter((service) => service.roomKind === kind).map(({ name }) => name)
		})),
		locations: locations.map((location) => ({
			id: location.id,
			name: location.name,
			rooms: rooms
				.map((room, index) => ({ ...room, upcomingAppointments: upcoming[index] ?? 0 }))
				.filter((room) => room.locationId === location.id)
		}))
	};
}

/** Problems with a room's name and kind, or with what the change would do to services. */
async function checkRoom(
	trx: Transaction<Database>,
	before: RoomRecord | null,
	after: { id?: number; locationId: number; name: string; kind: string; active: boolean }
): Promise<SettingsResult | null> {
	const [kinds, rooms, services] = await Promise.all([
		listRoomKinds(trx),
		listRooms(trx),
		listServices(trx)
	]);
	const here = rooms.filter((room) => room.locationId === after.locationId);
	const problems = roomProblems(after, { kinds, roomsAtLocation: here });
	if (Object.keys(problems).length > 0) return { kind: 'invalid', errors: problems };
	if (before) {
		const changed = here.map((room) => (room.id === before.id ? { ...room, ...after } : room));
		const refusal = strandedServicesRefusal(before.kind, strandedServices(services, here, changed));
		if (refusal) return { kind: 'refused', message: refusal };
	}
	return null;
}

/** Adds a room; bookings may use it at once. */
export async function addRoom(
	db: Kysely<Database>,
	input: Record<string, string>,
	staff: StaffActor,
	context: SettingsContext
): Promise<SettingsResult> {
	const parsed = readOwnerForm(staff, newRoomForm, input);
	if (!parsed.ok) return parsed.result;
	const room = {
		locationId: parsed.data.location,
		name: parsed.data.name,
		kind: parsed.data.kind,
		active: true
	};
	return db.transaction().execute(async (trx): Promise<SettingsResult> => {
		if (!(await listLocations(trx)).some((location) => location.id === room.locationId)) {
			return { kind: 'invalid', errors: { location: 'Choose a location.' } };
		}
		const problem = await checkRoom(trx, null, room);
		if (problem) return problem;
		const id = await insertRoom(trx, room);
		await recordStaffChange(trx, staff, context, {
			action: 'settings.room',
			subject: { type: 'room', id },
			after: room
		});
		return { kind: 'saved' };
	});
}

/**
 * Renames a room or changes its kind. Its booked visits stay in it; new bookings follow the
 * new kind.
 */
export async function updateRoom(
	db: Kysely<Database>,
	input: Record<string, string>,
	staff: StaffActor,
	context: SettingsContext
): Promise<SettingsResult> {
	const parsed = readOwnerForm(staff, roomChangeForm, input);
	if (!parsed.ok) return parsed.result;
	const { id, name, kind } = parsed.data;
	return db.transaction().execute(async (trx): Promise<SettingsResult> => {
		const before = await findRoom(trx, id);
		if (!before) return { kind: 'not_found' };
		const after = { ...before, name, kind };
		const problem = await checkRoom(trx, before, after);
		if (problem) return problem;
		await saveRoom(trx, id, { name, kind });
		await recordStaffChange(trx, staff, context, {
			action: 'settings.room',
			subject: { type: 'room', id },
			before: snapshot(before),
			after: snapshot(after)
		});
		return { kind: 'saved' };
	});
}

/**
 * Retires a room (`active` false) or brings it back. A room is never deleted, as appointments
 * keep pointing at it. Retiring is refused while visits are booked in it ahead: the schedule
 * lock keeps a booking from slipping in between the count and the change.
 */
export async function setRoomRetired(
	db: Kysely<Database>,
	input: Record<string, string>,
	retired: boolean,
	staff: StaffActor,
	context: SettingsContext
): Promise<SettingsResult> {
	if (!can(staff, 'settings.manage')) return { kind: 'forbidden' };
	const id = recordId.safeParse(input.id);
	if (!id.success) return { kind: 'not_found' };
	return db.transaction().execute(async (trx): Promise<SettingsResult> => {
		const before = await findRoom(trx, id.data);
		if (!before) return { kind: 'not_found' };
		if (before.active === !retired) return { kind: 'saved' };
		const after = { ...before, active: !retired };
		if (retired) {
			await lockLocationSchedule(trx, before.locationId);
			const refusal = roomRetirementRefusal({
				name: before.name,
				upcomingAppointments: await countUpcomingAppointments(
					trx,
					{ roomId: before.id },
					context.now
				)
			});
			if (refusal) return { kind: 'refused', message: refusal };
			const problem = await checkRoom(trx, before, after);
			if (problem) return problem;
		}
		await setRoomActive(trx, before.id, !retired);
		await recordStaffChange(trx, staff, context, {
			action: 'settings.room',
			subject: { type: 'room', id: before.id },
			before: snapshot(before),
			after: snapshot(after)
		});
		return { kind: 'saved' };
	});
}
