import type { Temporal } from 'temporal-polyfill';
import { nameKey, PatientIndex, type KnownPatient } from './identity';
import type { DuplicateRow } from './patient-rows';
import { columnOf, rowValues, type ImportTable, type RowError } from './table';
import { readFlag, readStart } from './values';

/*
 * Future appointments checked before anything is written, with the same rules the database
 * and the booking service keep: one patient already in the clinic, a practitioner who offers
 * the service, a room of the kind the service needs that is free, and no overlap (buffers
 * included) for the practitioner or the room with a booked visit or an earlier row. Working
 * hours are not checked: the visits were agreed in the old system and are honoured as booked.
 */

export interface ImportPractitioner {
	id: number;
	slug: string;
	name: string;
	serviceIds: readonly number[];
}

export interface ImportService {
	id: number;
	slug: string;
	name: string;
	durationMinutes: number;
	bufferBeforeMinutes: number;
	bufferAfterMinutes: number;
	roomKind: string | null;
	newPatientsOnly: boolean;
}

export interface ImportLocation {
	id: number;
	slug: string;
	name: string;
	timeZone: string;
}

export interface ImportRoom {
	id: number;
	locationId: number;
	name: string;
	kind: string;
	active: boolean;
}

/** A live appointment already in the calendar, as the overlap check needs it. */
export interface BookedVisit {
	patientId: number;
	practitionerId: number;
	roomId: number | null;
	start: Temporal.Instant;
	blockedFrom: Temporal.Instant;
	blockedUntil: Temporal.Instant;
}

export interface AppointmentImportContext {
	now: Temporal.Instant;
	practitioners: readonly ImportPractitioner[];
	services: readonly ImportService[];
	locations: readonly ImportLocation[];
	rooms: readonly ImportRoom[];
	patients: readonly KnownPatient[];
	booked: readonly BookedVisit[];
}

export interface AppointmentToCreate {
	row: number;
	patientId: number;
	practitionerId: number;
	serviceId: number;
	locationId: number;
	roomId: number | null;
	start: Temporal.Instant;
	end: Temporal.Instant;
	blockedFrom: Temporal.Instant;
	blockedUntil: Temporal.Instant;
	isNewPatient: boolean;
	note: string | null;
}

export interface AppointmentImportPlan {
	create: AppointmentToCreate[];
	duplicates: DuplicateRow[];
	errors: RowError[];
}

interface Span {
	from: number;
	until: number;
	/** The file row that holds it, or null for a visit already booked. */
	row: number | null;
}

/** Finds by slug or by name, without case or extra spaces. */
function byNameOrSlug<T extends { slug?: string; name: string }>(
	list: readonly T[],
	text: string
): T | undefined {
	const key = nameKey(text);
	return list.find((entry) => entry.slug === key || nameKey(entry.name) === key);
}

function clash(spans: readonly Span[] | undefined, from: number, until: number): Span | undefined {
	return spans?.find((span) => span.from < until && from < span.until);
}

function add(map: Map<number, Span[]>, key: number, span: Span) {
	const list = map.get(key);
	if (list) list.push(span);
	else map.set(key, [span]);
}

const listNames = (entries: readonly { name: string }[]) =>
	entries.length === 0
		? 'none is set up yet'
		: entries
				.slice(0, 6)
				.map((entry) => entry.name)
				.join(', ') + (entries.length > 6 ? ', …' : '');

/** Checks every row against the clinic's settings and calendar; writes nothing. */
export function planAppointmentImport(
	table: ImportTable,
	mapping: readonly string[],
	context: AppointmentImportContext
): AppointmentImportPlan {
	const patients = new PatientIndex(context.patients);
	const byPractitioner = new Map<number, Span[]>();
	const byRoom = new Map<number, Span[]>();
	const alreadyBooked = new Set<string>();
	for (const visit of context.booked) {
		const span = {
			from: visit.blockedFrom.epochMilliseconds,
			until: visit.blockedUntil.epochMilliseconds,
			row: null
		};
		add(byPractitioner, visit.practitionerId, span);
		if (visit.roomId !== null) add(byRoom, visit.roomId, span);
		alreadyBooked.add(
			`${visit.patientId}/${visit.practitionerId}/${visit.start.epochMilliseconds}`
		);
	}
	const create: AppointmentToCreate[] = [];
	const duplicates: DuplicateRow[] = [];
	const errors: RowError[] = [];
	const column = (key: string) => columnOf(table, mapping, key);
	const now = context.now.epochMilliseconds;

	for (const { row, cells } of table.rows) {
		const values = rowValues(cells, mapping);
		const rowErrors: RowError[] = [];
		const fail = (key: string | null, message: string) =>
			rowErrors.push({ row, column: key ? column(key) : null, message });

		// The patient, by email (else phone), told apart by name where several share it.
		const email = (values.patientEmail ?? '').trim();
		const phone = (values.patientPhone ?? '').trim();
		const name = (values.patientName ?? '').trim();
		let patient: KnownPatient | undefined;
		if (email === '' && phone === '') {
			fail(
				email === '' && values.patientEmail !== undefined ? 'patientEmail' : 'patientPhone',
				'The patient’s email or phone is missing.'
			);
		} else {
			let candidates = email !== '' ? patients.withEmail(email) : [];
			if (candidates.length === 0 && phone !== '') candidates = patients.withPhone(phone);
			if (name !== '' && candidates.length > 1) {
				candidates = candidates.filter((entry) => nameKey(entry.name) === nameKey(name));
			}
			const lookedUp = email !== '' ? 'patientEmail' : 'patientPhone';
			if (candidates.length === 0) {
				fail(
					lookedUp,
					`No patient with ${email !== '' ? `email ${email}` : `phone ${phone}`}${phone !== '' && email !== '' ? ` or phone ${phone}` : ''}: import the patients first.`
				);
			} else if (candidates.length > 1) {
				fail(
					lookedUp,
					`${candidates.length} patients share this ${email !== '' ? 'email' : 'phone'}: add a patient_name column to tell them apart.`
				);
			} else {
				patient = candidates[0];
			}
		}

		const practitioner = byNameOrSlug(context.practitioners, values.practitioner ?? '');
		if (!practitioner) {
			fail(
				'practitioner',
				`No practitioner “${values.practitioner ?? ''}” (active: ${listNames(context.practitioners)}).`
			);
		}
		const service = byNameOrSlug(context.services, values.service ?? '');
		if (!service) {
			fail(
				'service',
				`No service “${values.service ?? ''}” (active: ${listNames(context.services)}).`
			);
		}
		if (practitioner && service && !practitioner.serviceIds.includes(service.id)) {
			fail(
				'service',
				`${practitioner.name} does not offer ${service.name} (see Settings, practitioners).`
			);
		}

		const location =
			values.location === undefined ||
			(values.location.trim() === '' && context.locations.length === 1)
				? context.locations.length === 1
					? context.locations[0]
					: undefined
				: byNameOrSlug(context.locations, values.location);
		if (!location) {
			fail('location', `No location “${values.location ?? ''}” (${listNames(context.locations)}).`);
		}

		let start: Temporal.Instant | undefined;
		if (location) {
			const startText =
				values.start ?? `${(values.date ?? '').trim()} ${(values.time ?? '').trim()}`.trim();
			const reading = readStart(startText, location.timeZone);
			if (!reading.ok) fail(values.start !== undefined ? 'start' : 'date', reading.message);
			else if (reading.start.epochMilliseconds <= now) {
				fail(
					values.start !== undefined ? 'start' : 'date',
					'This visit is in the past: only future appointments are imported.'
				);
			} else start = reading.start;
		}

		let minutes = service?.durationMinutes ?? 0;
		const durationText = (values.durationMinutes ?? '').trim();
		if (durationText !== '') {
			const parsed = /^\d{1,3}$/.test(durationText) ? Number(durationText) : NaN;
			if (!(parsed >= 5 && parsed <= 600)) {
				fail('durationMinutes', 'Write the duration in whole minutes, from 5 to 600.');
			} else minutes = parsed;
		}

		const isNewPatient = readFlag(values.newPatient ?? '', service?.newPatientsOnly ?? false);
		if (isNewPatient === null) fail('newPatient', 'Write yes or no.');
		const note = (values.note ?? '').trim();
		if (note.length > 500) fail('note', 'The note is longer than 500 characters.');

		const roomText = (values.room ?? '').trim();
		const roomsHere = context.rooms.filter(
			(room) => room.active && room.locationId === location?.id
		);
		const namedRoom = roomText === '' ? undefined : byNameOrSlug(roomsHere, roomText);
		if (roomText !== '' && location && !namedRoom) {
			fail('room', `No room “${roomText}” at ${location.name} (${listNames(roomsHere)}).`);
		}
		if (namedRoom && service?.roomKind && namedRoom.kind !== service.roomKind) {
			fail(
				'room',
				`${namedRoom.name} is a ${namedRoom.kind} room; ${service.name} needs a ${service.roomKind} room.`
			);
		}

		if (rowErrors.length > 0 || !patient || !practitioner || !service || !location || !start) {
			errors.push(...rowErrors);
			continue;
		}

		if (alreadyBooked.has(`${patient.id}/${practitioner.id}/${start.epochMilliseconds}`)) {
			duplicates.push({
				row,
				outcome: 'skip',
				message: `${patient.name} is already booked with ${practitioner.name} at this time: skipped.`
			});
			continue;
		}

		const end = start.add({ minutes });
		const blockedFrom = start.subtract({ minutes: service.bufferBeforeMinutes });
		const blockedUntil = end.add({ minutes: service.bufferAfterMinutes });
		const from = blockedFrom.epochMilliseconds;
		const until = blockedUntil.epochMilliseconds;
		const where = (span: Span) =>
			span.row === null ? 'a visit already booked' : `row ${span.row}`;

		const practitionerClash = clash(byPractitioner.get(practitioner.id), from, until);
		if (practitionerClash) {
			errors.push({
				row,
				column: column(values.start !== undefined ? 'start' : 'date'),
				message: `${practitioner.name} is busy then: it overlaps ${where(practitionerClash)} (buffers included).`
			});
			continue;
		}
		let roomId: number | null = null;
		if (namedRoom) {
			const roomClash = clash(byRoom.get(namedRoom.id), from, until);
			if (roomClash) {
				errors.push({
					row,
					column: column('room'),
					message: `${namedRoom.name} is taken then: it overlaps ${where(roomClash)}.`
				});
				continue;
			}
			roomId = namedRoom.id;
		} else if (service.roomKind !== null) {
			const free = roomsHere.find(
				(room) => room.kind === service.roomKind && !clash(byRoom.get(room.id), from, until)
			);
			if (!free) {
				errors.push({
					row,
					column: null,
					message: `No ${service.roomKind} room is free at ${location.name} then.`
				});
				continue;
			}
			roomId = free.id;
		}

		add(byPractitioner, practitioner.id, { from, until, row });
		if (roomId !== null) add(byRoom, roomId, { from, until, row });
		create.push({
			row,
			patientId: patient.id,
			practitionerId: practitioner.id,
			serviceId: service.id,
			locationId: location.id,
			roomId,
			start,
			end,
			blockedFrom,
			blockedUntil,
			isNewPatient: isNewPatient ?? false,
			note: note === '' ? null : note
		});
	}
	return { create, duplicates, errors };
}
