import { describe, expect, it } from 'vitest';
import {
	bookOrFail,
	clinicTime,
	inputFor,
	insertRaw,
	localDate,
	offers,
	openSlots,
	testNow,
	useDemoClinic
} from '../../../../tests/support/booking';
import { schemaShapes, testDialects } from '../../../../tests/support/databases';
import { findAppointment } from '../db/repositories/appointment-repository';
import { listAuditEvents } from '../db/repositories/audit-repository';
import { listRooms } from '../db/repositories/room-repository';
import type { StaffActor } from './audit';
import { addRoom, loadRoomSettings, setRoomRetired, updateRoom } from './room-settings';

const dialects = await testDialects();
const owner: StaffActor = { userId: 'owner-1', name: 'Olive Owner', role: 'owner' };
const context = { now: testNow };

describe('the room table', () => {
	it('has the same active flag on every dialect', async () => {
		const shapes = await schemaShapes(dialects, (name) => name === 'room');
		expect(shapes[0]?.room).toContain('active');
		for (const shape of shapes.slice(1)) expect(shape).toEqual(shapes[0]);
	});
});

describe.each(dialects)('room settings on %s', (dialect) => {
	const clinic = useDemoClinic(dialect);

	it('adds, renames and changes a room, recording before and after', async () => {
		const location = String(clinic.ids.locationId);
		expect(
			await addRoom(
				clinic.db(),
				{ location, name: 'Garden room', kind: 'treatment' },
				owner,
				context
			)
		).toEqual({ kind: 'saved' });
		const added = (await listRooms(clinic.db())).find((room) => room.name === 'Garden room');
		expect(added).toMatchObject({ kind: 'treatment', active: true });
		const [addEvent] = await listAuditEvents(clinic.db());
		expect(addEvent).toMatchObject({
			action: 'settings.room',
			subject: { type: 'room', id: String(added?.id) },
			after: { name: 'Garden room', kind: 'treatment', active: true }
		});

		expect(
			await updateRoom(
				clinic.db(),
				{ id: String(added?.id), name: 'Treatment room 3', kind: 'treatment' },
				owner,
				context
			)
		).toEqual({ kind: 'saved' });
		const [renameEvent] = await listAuditEvents(clinic.db());
		expect(renameEvent?.before).toMatchObject({ name: 'Garden room' });
		expect(renameEvent?.after).toMatchObject({ name: 'Treatment room 3' });
		const loaded = await loadRoomSettings(clinic.db(), owner, testNow);
		expect(loaded.kind === 'ok' && loaded.locations[0]?.rooms.map((room) => room.name)).toEqual([
			'Treatment room 1',
			'Treatment room 2',
			'Treatment room 3'
		]);
	});

	it('refuses a kind no service uses and a name another room has, writing nothing', async () => {
		const before = await listRooms(clinic.db());
		const events = (await listAuditEvents(clinic.db())).length;
		const wrong = await addRoom(
			clinic.db(),
			{ location: String(clinic.ids.locationId), name: 'treatment room 1', kind: 'sauna' },
			owner,
			context
		);
		expect(wrong.kind === 'invalid' && Object.keys(wrong.errors).sort()).toEqual(['kind', 'name']);
		expect(
			(
				await updateRoom(
					clinic.db(),
					{ id: String(clinic.ids.rooms[1]), name: 'Treatment room 1', kind: 'treatment' },
					owner,
					context
				)
			).kind
		).toBe('invalid');
		expect(await listRooms(clinic.db())).toEqual(before);
		expect(await listAuditEvents(clinic.db())).toHaveLength(events);
	});

	it('refuses to retire a room with appointments booked ahead, saying how many', async () => {
		const roomId = clinic.ids.rooms[1] ?? 0;
		for (const [day, patient] of [
			['2027-03-08T10:00', 'a'],
			['2027-03-09T10:00', 'b']
		] as const) {
			await insertRaw(clinic.db(), clinic.ids, {
				practitionerId: clinic.ids.mei,
				roomId,
				start: clinicTime(day),
				minutes: 60,
				patient
			});
		}
		const result = await setRoomRetired(clinic.db(), { id: String(roomId) }, true, owner, context);
		expect(result).toEqual({
			kind: 'refused',
			message:
				'Treatment room 2 still holds 2 appointments booked ahead. Move them to another room or time first, then retire it.'
		});
		expect((await listRooms(clinic.db())).find((room) => room.id === roomId)?.active).toBe(true);
	});

	it('is the owner’s alone', async () => {
		for (const role of ['practitioner', 'front_desk'] as const) {
			const staff = { ...owner, role };
			expect((await loadRoomSettings(clinic.db(), staff, testNow)).kind).toBe('forbidden');
			expect(
				await addRoom(
					clinic.db(),
					{ location: String(clinic.ids.locationId), name: 'Closet', kind: 'treatment' },
					staff,
					context
				)
			).toEqual({ kind: 'forbidden' });
			expect(
				await updateRoom(
					clinic.db(),
					{ id: String(clinic.ids.rooms[0]), name: 'Closet', kind: 'treatment' },
					staff,
					context
				)
			).toEqual({ kind: 'forbidden' });
			expect(
				await setRoomRetired(clinic.db(), { id: String(clinic.ids.rooms[0]) }, true, staff, context)
			).toEqual({ kind: 'forbidden' });
		}
		expect((await listRooms(clinic.db())).every((room) => room.name !== 'Closet')).toBe(true);
	});
});

describe.each(dialects)('a retired room on %s', (dialect) => {
	const clinic = useDemoClinic(dialect);

	it('is never chosen for a new booking, and the last room of a kind stays', async () => {
		const [first, second] = clinic.ids.rooms as [number, number];
		expect(await setRoomRetired(clinic.db(), { id: String(first) }, true, owner, context)).toEqual({
			kind: 'saved'
		});
		const [event] = await listAuditEvents(clinic.db());
		expect(event).toMatchObject({
			action: 'settings.room',
			before: { active: true },
			after: { active: false }
		});
		// The last active treatment room stays: no acupuncture or massage could be booked.
		const last = await setRoomRetired(clinic.db(), { id: String(second) }, true, owner, context);
		expect(last.kind === 'refused' && last.message).toMatch(
			/last active treatment room here, and .*Follow-up acupuncture.* need one/
		);

		// Tuesday 2 March 2027: Mei and Daniel both work, and two visits at once used to fit.
		const tuesday = localDate('2027-03-02');
		const query = (practitionerId: number) => ({
			serviceId: clinic.ids.service.followUp,
			practitionerId,
			from: tuesday,
			to: tuesday
		});
		const ten = clinicTime('2027-03-02T10:00');
		expect(
			offers(await openSlots(clinic.db(), query(clinic.ids.daniel)), ten, clinic.ids.daniel)
		).toBe(true);
		const slot = (await openSlots(clinic.db(), query(clinic.ids.mei))).find((entry) =>
			entry.start.equals(ten)
		);
		if (!slot) throw new Error('Mei is not offered at 10:00');
		expect(slot.roomId).toBe(second);
		const booked = await bookOrFail(
			clinic.db(),
			inputFor(slot, clinic.ids.service.followUp, 'retired-room')
		);
		expect((await findAppointment(clinic.db(), booked.body.id))?.roomId).toBe(second);
		// With the only active room taken, Daniel is not offered that time, although the
		// retired room stands empty.
		const daniel = await openSlots(clinic.db(), query(clinic.ids.daniel));
		expect(offers(daniel, slot.start, clinic.ids.daniel)).toBe(false);

		// Brought back, the room is chosen again.
		await setRoomRetired(clinic.db(), { id: String(first) }, false, owner, context);
		const again = await openSlots(clinic.db(), query(clinic.ids.daniel));
		expect(again.find((entry) => entry.start.equals(slot.start))?.roomId).toBe(first);
	});
});
