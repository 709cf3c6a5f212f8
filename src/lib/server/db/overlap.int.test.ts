import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	clinicTime,
	countRows,
	demoIds,
	insertRaw,
	overlappingPairs,
	testNow,
	type DemoIds
} from '../../../../tests/support/booking';
import {
	createTestDatabase,
	testDialects,
	type TestDatabase
} from '../../../../tests/support/databases';
import {
	AppointmentOverlap,
	cancelAppointment,
	findAppointment,
	moveAppointment
} from './repositories/appointment-repository';
import { fromDbInstant, toDbInstant } from './instant';
import { seedDemoClinicIfEmpty } from './seed/seed';

/*
 * The database itself refuses overlapping appointments (buffers included) for one practitioner
 * or one room, whatever the application checked: these tests go straight to the repository, so
 * the PostgreSQL exclusion constraints and the SQLite triggers are all that stands in the way.
 * Each test uses its own day so that they do not see each other's rows.
 */

const dialects = await testDialects();

describe.each(dialects)('the appointment table on %s', (dialect) => {
	let database: TestDatabase;
	let ids: DemoIds;
	let room1: number;
	let room2: number;

	beforeAll(async () => {
		database = await createTestDatabase(dialect);
		await seedDemoClinicIfEmpty(database.handle.db);
		ids = await demoIds(database.handle.db);
		[room1 = 0, room2 = 0] = ids.rooms;
		expect(ids.rooms).toHaveLength(2);
	});
	afterAll(async () => {
		await database?.dispose();
	});

	const db = () => database.handle.db;

	it('refuses a second appointment for the same practitioner at an overlapping time', async () => {
		const before = await countRows(db(), 'appointment');
		await insertRaw(db(), ids, {
			practitionerId: ids.mei,
			roomId: room1,
			start: clinicTime('2027-03-02T10:00'),
			minutes: 60
		});
		await expect(
			insertRaw(db(), ids, {
				practitionerId: ids.mei,
				roomId: room2,
				start: clinicTime('2027-03-02T10:30'),
				minutes: 60
			})
		).rejects.toBeInstanceOf(AppointmentOverlap);
		// Exactly the same time, and a longer one that swallows the first, are refused too.
		await expect(
			insertRaw(db(), ids, {
				practitionerId: ids.mei,
				roomId: room2,
				start: clinicTime('2027-03-02T10:00'),
				minutes: 60
			})
		).rejects.toBeInstanceOf(AppointmentOverlap);
		await expect(
			insertRaw(db(), ids, {
				practitionerId: ids.mei,
				roomId: null,
				start: clinicTime('2027-03-02T09:00'),
				minutes: 180
			})
		).rejects.toBeInstanceOf(AppointmentOverlap);
		expect(await countRows(db(), 'appointment')).toBe(before + 1);
	});

	it('refuses an overlap that exists only through the buffers', async () => {
		// 10:00-11:00 plus 15 minutes after: holds until 11:15.
		await insertRaw(db(), ids, {
			practitionerId: ids.mei,
			roomId: room1,
			start: clinicTime('2027-03-03T10:00'),
			minutes: 60,
			bufferAfter: 15
		});
		await expect(
			insertRaw(db(), ids, {
				practitionerId: ids.mei,
				roomId: room2,
				start: clinicTime('2027-03-03T11:00'),
				minutes: 60
			})
		).rejects.toBeInstanceOf(AppointmentOverlap);
		// A buffer before the new one reaching back into the first is refused as well.
		await expect(
			insertRaw(db(), ids, {
				practitionerId: ids.mei,
				roomId: room2,
				start: clinicTime('2027-03-03T11:20'),
				minutes: 30,
				bufferBefore: 10
			})
		).rejects.toBeInstanceOf(AppointmentOverlap);
		// And the room is held through its buffer for another practitioner too.
		await expect(
			insertRaw(db(), ids, {
				practitionerId: ids.daniel,
				roomId: room1,
				start: clinicTime('2027-03-03T11:05'),
				minutes: 30
			})
		).rejects.toBeInstanceOf(AppointmentOverlap);
		expect(await overlappingPairs(db())).toEqual([]);
	});

	it('refuses two practitioners in the same room at the same time', async () => {
		await insertRaw(db(), ids, {
			practitionerId: ids.mei,
			roomId: room1,
			start: clinicTime('2027-03-04T13:00'),
			minutes: 90,
			bufferAfter: 15
		});
		await expect(
			insertRaw(db(), ids, {
				practitionerId: ids.daniel,
				roomId: room1,
				start: clinicTime('2027-03-04T14:00'),
				minutes: 60
			})
		).rejects.toBeInstanceOf(AppointmentOverlap);
		// The other room is free at that time.
		const other = await insertRaw(db(), ids, {
			practitionerId: ids.daniel,
			roomId: room2,
			start: clinicTime('2027-03-04T14:00'),
			minutes: 60
		});
		expect(other.roomId).toBe(room2);
	});

	it('allows appointments that only touch (one ends, buffer included, as the next starts)', async () => {
		const first = await insertRaw(db(), ids, {
			practitionerId: ids.mei,
			roomId: room1,
			start: clinicTime('2027-03-05T09:00'),
			minutes: 90,
			bufferAfter: 15
		});
		// Same practitioner, same room, starting exactly at 10:45.
		const second = await insertRaw(db(), ids, {
			practitionerId: ids.mei,
			roomId: room1,
			start: clinicTime('2027-03-05T10:45'),
			minutes: 60,
			bufferAfter: 15
		});
		// And one that ends exactly where the first begins (its buffer before touching too).
		const before = await insertRaw(db(), ids, {
			practitionerId: ids.mei,
			roomId: room1,
			start: clinicTime('2027-03-05T08:00'),
			minutes: 50,
			bufferAfter: 10
		});
		expect([first.id, second.id, before.id]).toHaveLength(3);
		expect(await overlappingPairs(db())).toEqual([]);
	});

	it('lets a cancelled appointment stop holding its time, and refuses to revive it onto a taken time', async () => {
		const start = clinicTime('2027-03-06T09:00');
		const cancelled = await insertRaw(db(), ids, {
			practitionerId: ids.mei,
			roomId: room1,
			start,
			minutes: 60,
			bufferAfter: 15
		});
		await cancelAppointment(db(), cancelled.id, { reason: 'test', now: testNow });
		const replacement = await insertRaw(db(), ids, {
			practitionerId: ids.mei,
			roomId: room1,
			start,
			minutes: 60,
			bufferAfter: 15
		});
		expect(replacement.status).toBe('booked');
		// Setting the cancelled one back to booked would double-book: the database says no.
		await expect(
			db()
				.updateTable('appointment')
				.set({ status: 'booked' })
				.where('id', '=', cancelled.id)
				.execute()
		).rejects.toThrow();
		expect((await findAppointment(db(), cancelled.id))?.status).toBe('cancelled');
	});

	it('refuses to move an appointment onto another one, but lets it move over its own old time', async () => {
		const fixed = await insertRaw(db(), ids, {
			practitionerId: ids.daniel,
			roomId: room1,
			start: clinicTime('2027-03-09T10:00'),
			minutes: 60,
			bufferAfter: 15
		});
		const moving = await insertRaw(db(), ids, {
			practitionerId: ids.daniel,
			roomId: room2,
			start: clinicTime('2027-03-09T14:00'),
			minutes: 60,
			bufferAfter: 15
		});
		const moveTo = (start: string, roomId: number) => {
			const at = clinicTime(start);
			return moveAppointment(db(), moving.id, {
				practitionerId: ids.daniel,
				roomId,
				locationId: ids.locationId,
				start: at,
				end: at.add({ minutes: 60 }),
				blockedFrom: at,
				blockedUntil: at.add({ minutes: 75 }),
				now: testNow
			});
		};
		await expect(moveTo('2027-03-09T10:30', room2)).rejects.toBeInstanceOf(AppointmentOverlap);
		// Into the fixed one's buffer after it: refused too.
		await expect(moveTo('2027-03-09T11:00', room2)).rejects.toBeInstanceOf(AppointmentOverlap);
		// Right after that buffer: allowed.
		await expect(moveTo('2027-03-09T11:15', room2)).resolves.toMatchObject({ sequence: 1 });
		// Shifting by 15 minutes overlaps only its own previous time: allowed.
		const shifted = await moveTo('2027-03-09T11:30', room2);
		expect(shifted?.sequence).toBe(2);
		// A refused move leaves the appointment as it was.
		await expect(moveTo('2027-03-09T09:30', room1)).rejects.toBeInstanceOf(AppointmentOverlap);
		const after = await findAppointment(db(), moving.id);
		expect(after?.start.toString()).toBe(clinicTime('2027-03-09T11:30').toString());
		expect(after?.sequence).toBe(2);
		expect(fixed.id).not.toBe(moving.id);
		expect(await overlappingPairs(db())).toEqual([]);
	});

	it('allows two practitioners at the same time when the service needs no room', async () => {
		const start = clinicTime('2027-03-10T15:00');
		const mei = await insertRaw(db(), ids, {
			practitionerId: ids.mei,
			roomId: null,
			serviceId: ids.service.herbal,
			start,
			minutes: 45,
			bufferAfter: 10
		});
		const daniel = await insertRaw(db(), ids, {
			practitionerId: ids.daniel,
			roomId: null,
			serviceId: ids.service.herbal,
			start,
			minutes: 45,
			bufferAfter: 10
		});
		expect([mei.roomId, daniel.roomId]).toEqual([null, null]);
		// A room-less appointment still holds its practitioner.
		await expect(
			insertRaw(db(), ids, {
				practitionerId: ids.mei,
				roomId: null,
				serviceId: ids.service.herbal,
				start: start.add({ minutes: 30 }),
				minutes: 45
			})
		).rejects.toBeInstanceOf(AppointmentOverlap);
	});

	it('keeps the rule in the schema, where any writer meets it', async () => {
		// A plain insert without the repository is refused as well.
		const existing = await db()
			.selectFrom('appointment')
			.selectAll()
			.where('status', '=', 'booked')
			.limit(1)
			.executeTakeFirst();
		if (!existing) throw new Error('expected an appointment from the earlier tests');
		const instant = (value: string | Date) => toDbInstant(fromDbInstant(value));
		await expect(
			db()
				.insertInto('appointment')
				.values({
					location_id: existing.location_id,
					practitioner_id: existing.practitioner_id,
					room_id: existing.room_id,
					service_id: existing.service_id,
					patient_id: existing.patient_id,
					starts_at: instant(existing.starts_at),
					ends_at: instant(existing.ends_at),
					blocked_from: instant(existing.blocked_from),
					blocked_until: instant(existing.blocked_until),
					status: 'booked',
					source: 'staff',
					is_new_patient: 0,
					needs_review: 0,
					sequence: 0,
					note: null,
					manage_token_hash: `copy-${existing.manage_token_hash}`,
					created_at: toDbInstant(testNow),
					updated_at: toDbInstant(testNow)
				})
				.execute()
		).rejects.toThrow(dialect === 'postgres' ? /no_overlap/ : /appointment_overlap/);
		const live = await sql<{ n: number | string }>`
			select count(*) as n from appointment where status <> 'cancelled'`.execute(db());
		expect(Number(live.rows[0]?.n)).toBeGreaterThan(0);
	});
});
