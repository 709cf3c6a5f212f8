import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { planAppointmentImport, type AppointmentImportContext } from './appointment-rows';
import { guessMapping } from './columns';
import { parseCsv } from './csv';
import { importTable } from './table';

const context: AppointmentImportContext = {
	now: Temporal.Instant.from('2027-03-01T15:00:00Z'),
	practitioners: [
		{ id: 1, slug: 'mara-quill', name: 'Mara Quill', serviceIds: [10, 11] },
		{ id: 2, slug: 'theo-lind', name: 'Theo Lind', serviceIds: [11] }
	],
	services: [
		{
			id: 10,
			slug: 'initial',
			name: 'Initial consultation',
			durationMinutes: 90,
			bufferBeforeMinutes: 0,
			bufferAfterMinutes: 15,
			roomKind: 'treatment',
			newPatientsOnly: true
		},
		{
			id: 11,
			slug: 'follow-up',
			name: 'Follow-up',
			durationMinutes: 60,
			bufferBeforeMinutes: 0,
			bufferAfterMinutes: 0,
			roomKind: 'treatment',
			newPatientsOnly: false
		}
	],
	locations: [{ id: 5, slug: 'main', name: 'Main Street', timeZone: 'America/Chicago' }],
	rooms: [
		{ id: 21, locationId: 5, name: 'Room 1', kind: 'treatment', active: true },
		{ id: 22, locationId: 5, name: 'Room 2', kind: 'treatment', active: true },
		{ id: 23, locationId: 5, name: 'Office', kind: 'office', active: true }
	],
	patients: [
		{ id: 100, name: 'Ann Lee', email: 'ann@example.org', phone: '+1-414-555-0142' },
		{ id: 101, name: 'Bo Lee', email: 'lee@example.org', phone: '' },
		{ id: 102, name: 'Cy Lee', email: 'lee@example.org', phone: '' }
	],
	booked: []
};

function plan(csv: string, overrides: Partial<AppointmentImportContext> = {}) {
	const { table } = importTable(parseCsv(csv));
	return planAppointmentImport(table, guessMapping(table.headers, 'appointments'), {
		...context,
		...overrides
	});
}

const header = 'patient_email,practitioner,service,start\n';

describe('planAppointmentImport', () => {
	it('plans a visit with the service’s duration and buffers and the first free room', () => {
		const result = plan(
			`${header}ann@example.org,Mara Quill,Initial consultation,2027-03-15 14:30\n`
		);
		expect(result.errors).toEqual([]);
		expect(result.create).toEqual([
			{
				row: 2,
				patientId: 100,
				practitionerId: 1,
				serviceId: 10,
				locationId: 5,
				roomId: 21,
				start: Temporal.Instant.from('2027-03-15T19:30:00Z'),
				end: Temporal.Instant.from('2027-03-15T21:00:00Z'),
				blockedFrom: Temporal.Instant.from('2027-03-15T19:30:00Z'),
				blockedUntil: Temporal.Instant.from('2027-03-15T21:15:00Z'),
				isNewPatient: true,
				note: null
			}
		]);
	});

	it('finds the patient by phone, and by name among patients who share an email', () => {
		const result = plan(
			'patient_phone,patient_email,patient_name,practitioner,service,date,time,duration_minutes\n' +
				'(414) 555-0142,,,theo-lind,follow-up,03/16/2027,9:00 AM,45\n' +
				',lee@example.org,cy lee,Theo Lind,Follow-up,2027-03-16,10:00,\n' +
				',lee@example.org,,Theo Lind,Follow-up,2027-03-16,11:00,\n'
		);
		expect(result.create.map((entry) => [entry.row, entry.patientId])).toEqual([
			[2, 100],
			[3, 102]
		]);
		expect(result.create[0]?.end.toString()).toBe('2027-03-16T14:45:00Z');
		expect(result.errors).toEqual([
			{ row: 4, column: 'patient_email', message: expect.stringContaining('2 patients share') }
		]);
	});

	it('reports unknown patients, practitioners, services, rooms and past visits', () => {
		const result = plan(
			'patient_email,practitioner,service,start,room\n' +
				'nobody@example.org,Mara Quill,Follow-up,2027-03-15 10:00,\n' +
				'ann@example.org,Dr Who,Follow-up,2027-03-15 10:00,\n' +
				'ann@example.org,Theo Lind,Initial consultation,2027-03-15 10:00,\n' +
				'ann@example.org,Mara Quill,Follow-up,2027-02-01 10:00,\n' +
				'ann@example.org,Mara Quill,Follow-up,2027-03-15 10:00,Office\n'
		);
		expect(result.create).toEqual([]);
		expect(result.errors).toEqual([
			{
				row: 2,
				column: 'patient_email',
				message: expect.stringContaining('import the patients first')
			},
			{
				row: 3,
				column: 'practitioner',
				message: expect.stringContaining('No practitioner “Dr Who”')
			},
			{
				row: 4,
				column: 'service',
				message: 'Theo Lind does not offer Initial consultation (see Settings, practitioners).'
			},
			{ row: 5, column: 'start', message: expect.stringContaining('in the past') },
			{ row: 6, column: 'room', message: expect.stringContaining('needs a treatment room') }
		]);
	});

	it('refuses an overlap with a booked visit or an earlier row, buffers included', () => {
		const result = plan(
			`${header}` +
				'ann@example.org,Mara Quill,Initial consultation,2027-03-15 09:00\n' +
				// Starts inside the first visit's 15-minute buffer.
				'ann@example.org,Mara Quill,Follow-up,2027-03-15 10:40\n' +
				'ann@example.org,Theo Lind,Follow-up,2027-03-15 13:30\n',
			{
				booked: [
					{
						patientId: 101,
						practitionerId: 2,
						roomId: 22,
						start: Temporal.Instant.from('2027-03-15T19:00:00Z'),
						blockedFrom: Temporal.Instant.from('2027-03-15T19:00:00Z'),
						blockedUntil: Temporal.Instant.from('2027-03-15T20:00:00Z')
					}
				]
			}
		);
		expect(result.create.map((entry) => entry.row)).toEqual([2]);
		expect(result.errors).toEqual([
			{
				row: 3,
				column: 'start',
				message: 'Mara Quill is busy then: it overlaps row 2 (buffers included).'
			},
			{
				row: 4,
				column: 'start',
				message: 'Theo Lind is busy then: it overlaps a visit already booked (buffers included).'
			}
		]);
	});

	it('takes the next free room, and reports when none of the kind is free', () => {
		const result = plan(
			`${header}` +
				'ann@example.org,Mara Quill,Follow-up,2027-03-15 09:00\n' +
				'lee@example.org,Theo Lind,Follow-up,2027-03-15 09:00\n',
			{
				rooms: context.rooms.filter((room) => room.id !== 22),
				patients: context.patients.slice(0, 2)
			}
		);
		expect(result.create.map((entry) => entry.roomId)).toEqual([21]);
		expect(result.errors).toEqual([
			{ row: 3, column: null, message: 'No treatment room is free at Main Street then.' }
		]);
	});

	it('skips a visit that is already booked for the same patient, practitioner and start', () => {
		const start = Temporal.Instant.from('2027-03-15T19:30:00Z');
		const result = plan(`${header}ann@example.org,Mara Quill,Follow-up,2027-03-15 14:30\n`, {
			booked: [
				{
					patientId: 100,
					practitionerId: 1,
					roomId: 21,
					start,
					blockedFrom: start,
					blockedUntil: start.add({ hours: 1 })
				}
			]
		});
		expect(result.create).toEqual([]);
		expect(result.errors).toEqual([]);
		expect(result.duplicates).toEqual([
			{ row: 2, outcome: 'skip', message: expect.stringContaining('already booked') }
		]);
	});
});
