// Grows the demo clinic into the benchmark's size: 10 practitioners, 4 rooms and 5,000 booked
// appointments from today onwards, none overlapping another of the same practitioner or room
// (the database would refuse them). Deterministic apart from today's date.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { insertAppointment } from '../../src/lib/server/db/repositories/appointment-repository';
import { findOrCreatePatient } from '../../src/lib/server/db/repositories/patient-repository';
import type { Database } from '../../src/lib/server/db/schema';

export const PRACTITIONERS = 10;
export const ROOMS = 4;
export const APPOINTMENTS = 5_000;
const PATIENTS = 1_500;
/** Chance that a free hour of a practitioner gets an appointment (the domain fixture's). */
const FILL = 0.55;
/** Existing appointments never hold more than this many rooms at once, so rooms stay bookable. */
const MAX_ROOMS_HELD = 2;

/** A service as the benchmark needs it to choose slots that do not collide with each other. */
export interface BenchService {
	id: number;
	slug: string;
	durationMinutes: number;
	bufferAfterMinutes: number;
	needsRoom: boolean;
	practitionerIds: number[];
}

export interface BenchDataset {
	timeZone: string;
	/** The clinic-local date the appointments start on (today when it was built). */
	firstDate: Temporal.PlainDate;
	lastDate: Temporal.PlainDate;
	services: BenchService[];
	appointments: number;
	practitioners: number;
	rooms: number;
	patients: number;
	/** Live appointments starting on each of the 31 days from firstDate. */
	appointmentsInFirst31Days: number;
}

/** The Park–Miller generator, as in the domain's large-schedule fixture. */
function random(seed: number) {
	let state = seed;
	return () => {
		state = (state * 48_271) % 2_147_483_647;
		return state / 2_147_483_647;
	};
}

const minutesOf = (time: string) => {
	const [hours = 0, minutes = 0] = time.split(':').map(Number);
	return hours * 60 + minutes;
};

/** Minutes after local midnight that an appointment holds, buffers included. */
type Span = { from: number; until: number };
const held = (
	start: number,
	service: { duration_minutes: number; buffer_before_minutes: number; buffer_after_minutes: number }
): Span => ({
	from: start - service.buffer_before_minutes,
	until: start + service.duration_minutes + service.buffer_after_minutes
});
const overlaps = (spans: readonly Span[], span: Span) =>
	spans.some((other) => other.from < span.until && span.from < other.until);

/**
 * Adds practitioners, rooms, patients and appointments to a migrated database holding the
 * seeded demo clinic, in one transaction.
 */
export async function growDemoClinic(db: Kysely<Database>): Promise<BenchDataset> {
	return db.transaction().execute(async (trx) => {
		const location = await trx
			.selectFrom('location')
			.select(['id', 'time_zone'])
			.orderBy('id')
			.executeTakeFirstOrThrow();
		const services = await trx.selectFrom('service').selectAll().orderBy('id').execute();
		const serviceId = (slug: string) => {
			const found = services.find((service) => service.slug === slug);
			if (!found) throw new Error(`the demo clinic has no service "${slug}"; was it seeded?`);
			return found.id;
		};

		const existing = await trx.selectFrom('practitioner').select('id').execute();
		for (let index = existing.length + 1; index <= PRACTITIONERS; index += 1) {
			const row = await trx
				.insertInto('practitioner')
				.values({
					slug: `bench-practitioner-${index}`,
					name: `Bench Practitioner ${index}`,
					credentials: 'L.Ac.',
					title: 'Licensed acupuncturist',
					summary: 'A practitioner added by the benchmark.',
					bio_markdown: 'Added by the benchmark.',
					display_order: index,
					active: 1
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			// Every other one also gives massage; all give acupuncture and herbal consultations.
			const slugs = ['initial-acupuncture', 'follow-up-acupuncture', 'herbal-consultation'];
			if (index % 2 === 0) slugs.push('therapeutic-massage');
			await trx
				.insertInto('practitioner_service')
				.values(slugs.map((slug) => ({ practitioner_id: row.id, service_id: serviceId(slug) })))
				.execute();
			const hours = [
				...[1, 2, 3, 4, 5].flatMap((weekday) => [
					{ weekday, start_time: '08:00', end_time: '12:30' },
					{ weekday, start_time: '13:30', end_time: '18:00' }
				]),
				{ weekday: 6, start_time: '09:00', end_time: '13:00' }
			];
			await trx
				.insertInto('practitioner_hours')
				.values(
					hours.map((entry) => ({
						...entry,
						practitioner_id: row.id,
						location_id: location.id
					}))
				)
				.execute();
		}
		const roomCount = (await trx.selectFrom('room').select('id').execute()).length;
		for (let index = roomCount + 1; index <= ROOMS; index += 1) {
			await trx
				.insertInto('room')
				.values({ location_id: location.id, name: `Treatment room ${index}`, kind: 'treatment' })
				.execute();
		}

		const practitioners = await trx.selectFrom('practitioner').select('id').orderBy('id').execute();
		const links = await trx.selectFrom('practitioner_service').selectAll().execute();
		const hours = await trx.selectFrom('practitioner_hours').selectAll().execute();
		const rooms = await trx
			.selectFrom('room')
			.select(['id', 'kind'])
			.where('location_id', '=', location.id)
			.orderBy('id')
			.execute();

		const now = Temporal.Now.instant();
		// Through the repository, so the bench follows changes to the patient table.
		const patientIds: number[] = [];
		for (let number = 1; number <= PATIENTS; number += 1) {
			const patient = await findOrCreatePatient(
				trx,
				{
					name: `Existing Patient ${number}`,
					email: `existing-${number}@bench.example`,
					phone: `414-555-${String(number).padStart(4, '0')}`
				},
				now
			);
			patientIds.push(patient.id);
		}

		const next = random(20_271_020);
		const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
		const timeZone = location.time_zone;
		const firstDate = Temporal.Now.plainDateISO(timeZone);
		const herbal = serviceId('herbal-consultation');
		let placed = 0;
		let inFirst31Days = 0;
		let date = firstDate;
		for (; placed < APPOINTMENTS; date = date.add({ days: 1 })) {
			const instantAt = (minutes: number) =>
				date
					.toPlainDateTime(
						Temporal.PlainTime.from({ hour: Math.floor(minutes / 60), minute: minutes % 60 })
					)
					.toZonedDateTime(timeZone)
					.toInstant();
			const roomsHeld = new Map<number, Span[]>(rooms.map((room) => [room.id, []]));
			for (const practitioner of practitioners) {
				const offered = links
					.filter((link) => link.practitioner_id === practitioner.id)
					.map((link) => services.find((service) => service.id === link.service_id)!);
				const blocks = hours
					.filter((entry) => entry.practitioner_id === practitioner.id)
					.filter((entry) => entry.weekday === date.dayOfWeek)
					.sort((a, b) => minutesOf(a.start_time) - minutesOf(b.start_time));
				for (const block of blocks) {
					let cursor = minutesOf(block.start_time);
					const closes = minutesOf(block.end_time);
					while (cursor < closes && placed < APPOINTMENTS) {
						let service = pick(offered);
						if (next() >= FILL) {
							cursor += 60;
							continue;
						}
						let span = held(cursor, service);
						let roomId: number | null = null;
						if (service.room_kind !== null) {
							const busyRooms = [...roomsHeld.values()].filter((spans) => overlaps(spans, span));
							const free = rooms.find(
								(room) =>
									room.kind === service.room_kind && !overlaps(roomsHeld.get(room.id)!, span)
							);
							if (free && busyRooms.length < MAX_ROOMS_HELD) {
								roomId = free.id;
							} else if (offered.some((entry) => entry.id === herbal)) {
								service = services.find((entry) => entry.id === herbal)!;
								span = held(cursor, service);
							} else {
								cursor += 60;
								continue;
							}
						}
						if (cursor + service.duration_minutes > closes) break;
						if (roomId !== null) roomsHeld.get(roomId)!.push(span);
						const start = instantAt(cursor);
						const end = start.add({ minutes: service.duration_minutes });
						await insertAppointment(trx, {
							locationId: location.id,
							practitionerId: practitioner.id,
							roomId,
							serviceId: service.id,
							patientId: patientIds[placed % patientIds.length]!,
							start,
							end,
							blockedFrom: start.subtract({ minutes: service.buffer_before_minutes }),
							blockedUntil: end.add({ minutes: service.buffer_after_minutes }),
							isNewPatient: false,
							note: null,
							source: 'staff',
							needsReview: false,
							manageTokenHash: createHash('sha256').update(`bench-${placed}`).digest('hex'),
							now
						});
						placed += 1;
						if (firstDate.until(date).days < 31) inFirst31Days += 1;
						// The next appointment starts on the quarter hour after this one's buffer.
						cursor = Math.ceil(span.until / 15) * 15;
					}
				}
			}
		}

		return {
			timeZone,
			firstDate,
			lastDate: date.subtract({ days: 1 }),
			services: services.map((service) => ({
				id: service.id,
				slug: service.slug,
				durationMinutes: service.duration_minutes,
				bufferAfterMinutes: service.buffer_after_minutes,
				needsRoom: service.room_kind !== null,
				practitionerIds: links
					.filter((link) => link.service_id === service.id)
					.map((link) => link.practitioner_id)
			})),
			appointments: placed,
			practitioners: practitioners.length,
			rooms: rooms.length,
			patients: patientIds.length,
			appointmentsInFirst31Days: inFirst31Days
		};
	});
}
