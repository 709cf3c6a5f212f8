import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { formatCsv } from '$lib/domain/import/csv';
import {
	clinicTime,
	countRows,
	insertRaw,
	overlappingPairs,
	testNow,
	testOrigin,
	useDemoClinic
} from '../../../../tests/support/booking';
import { schemaShapes, testDialects } from '../../../../tests/support/databases';
import { listAuditEvents } from '../db/repositories/audit-repository';
import { findOrCreatePatient } from '../db/repositories/patient-repository';
import type { Database } from '../db/schema';
import type { Kysely } from 'kysely';
import type { StaffActor } from './audit';
import {
	confirmImport,
	maxImportBytes,
	reviewImportAgain,
	uploadImport,
	type ImportConfirmResult,
	type ImportStep
} from './clinic-import';

const dialects = await testDialects();
const owner: StaffActor = { userId: 'owner-1', name: 'Olive Owner', role: 'owner' };
const frontDesk: StaffActor = { userId: 'desk-1', name: 'Fran Desk', role: 'front_desk' };
const context = { now: testNow, origin: testOrigin };

const utf8 = (text: string) => new TextEncoder().encode(text);
/** Windows-1252 bytes of text made of Latin-1 letters and the curly apostrophe. */
const cp1252 = (text: string) =>
	Uint8Array.from([...text].map((char) => (char === '’' ? 0x92 : char.charCodeAt(0))));
const fileOf = (bytes: Uint8Array, name = 'export.csv') => ({ name, size: bytes.length, bytes });

async function upload(
	db: Kysely<Database>,
	bytes: Uint8Array,
	kind: 'patients' | 'appointments',
	staff = owner
): Promise<ImportStep> {
	const result = await uploadImport(
		db,
		{ file: fileOf(bytes), kind, encoding: 'auto' },
		staff,
		context
	);
	if (result.kind !== 'review') throw new Error(`upload gave ${JSON.stringify(result)}`);
	return result.step;
}

/** The confirm form as the page posts it. */
function confirmForm(step: ImportStep, extra: Record<string, string> = {}) {
	const form: Record<string, string> = {
		draft: step.draft,
		checked: step.review.checked,
		expected: String(step.expected)
	};
	step.review.mapping.forEach((key, index) => (form[`column-${index}`] = key));
	return { ...form, ...extra };
}

const confirm = (db: Kysely<Database>, step: ImportStep, extra: Record<string, string> = {}) =>
	confirmImport(db, confirmForm(step, extra), owner, context);

function expectReview(result: ImportConfirmResult): ImportStep {
	if (result.kind !== 'review') throw new Error(`expected a review, got ${result.kind}`);
	return result.step;
}

/** `count` patients as an old system exports them, "First Name,Last Name,E-mail,Mobile". */
function patientsCsv(count: number, from = 0): string {
	const rows = [['First Name', 'Last Name', 'E-mail', 'Mobile']];
	for (let index = from; index < from + count; index++) {
		const n = String(index).padStart(4, '0');
		rows.push([`Pat${n}`, 'Smith, Jr.', `p${n}@example.org`, `(608) 437-${n}`]);
	}
	return formatCsv(rows);
}

/** `count` follow-ups from 2028-01-03, six a day for each of two practitioners, none overlapping. */
function appointmentsCsv(count: number): string {
	const rows = [['patient_email', 'practitioner', 'service', 'start']];
	const times = ['08:00', '09:30', '11:00', '12:30', '14:00', '15:30'];
	const first = Temporal.PlainDate.from('2028-01-03');
	for (let index = 0; index < count; index++) {
		const day = first.add({ days: Math.floor(index / 12) });
		const practitioner = index % 2 === 0 ? 'Mei Lin Okafor' : 'daniel-brandt';
		const time = times[Math.floor(index / 2) % 6];
		const n = String(index).padStart(4, '0');
		rows.push([`p${n}@example.org`, practitioner, 'Follow-up acupuncture', `${day} ${time}`]);
	}
	return formatCsv(rows);
}

async function countAudit(db: Kysely<Database>, action: string): Promise<number> {
	const row = await db
		.selectFrom('audit_event')
		.select((eb) => eb.fn.countAll<number | string>().as('count'))
		.where('action', '=', action)
		.executeTakeFirstOrThrow();
	return Number(row.count);
}

describe('the import_draft table', () => {
	it('has the same shape on every dialect', async () => {
		const shapes = await schemaShapes(dialects, (name) => name === 'import_draft');
		expect(shapes[0]?.import_draft).toContain('sealed');
		for (const shape of shapes.slice(1)) expect(shape).toEqual(shapes[0]);
	});
});

describe.each(dialects)('importing from another system on %s', (dialect) => {
	const clinic = useDemoClinic(dialect);

	it('imports 3,000 patients from a Windows-1252 file in one go, audited', async () => {
		const db = clinic.db();
		const before = await countRows(db, 'patient');
		const text = patientsCsv(3000).replace('Pat0000', 'Zoë O’Brien');
		const started = performance.now();
		const step = await upload(db, cp1252(text), 'patients');
		const reviewed = performance.now();
		expect(step.encoding).toBe('windows-1252');
		expect(step.review.mapping).toEqual(['firstName', 'lastName', 'email', 'phone']);
		expect(step.review.counts).toEqual({
			rows: 3000,
			create: 3000,
			skip: 0,
			warn: 0,
			errorRows: 0
		});
		expect(step.review.ready).toBe(true);

		const result = await confirm(db, step);
		const done = performance.now();
		console.info(
			`[${dialect}] 3000 patients: upload and review ${Math.round(reviewed - started)} ms, import ${Math.round(done - reviewed)} ms`
		);
		expect(result).toEqual({
			kind: 'imported',
			importKind: 'patients',
			created: 3000,
			skipped: 0,
			emails: false
		});
		expect(await countRows(db, 'patient')).toBe(before + 3000);
		const zoe = await db
			.selectFrom('patient')
			.selectAll()
			.where('email', '=', 'p0000@example.org')
			.executeTakeFirstOrThrow();
		expect(zoe).toMatchObject({
			name: 'Zoë O’Brien Smith, Jr.',
			phone: '+1-608-437-0000',
			reminder_email: 1,
			preferred_contact: 'either',
			may_leave_voicemail: 0
		});
		expect(await countAudit(db, 'patient.import')).toBe(3000);
		const events = await listAuditEvents(db, { actorId: owner.userId });
		const batch = events.filter((event) => event.action === 'import.patients');
		expect(batch).toHaveLength(1);
		expect(batch[0]?.after).toMatchObject({ rows: 3000, created: 3000, skipped: 0 });
		// The draft is gone: the same form cannot import twice.
		expect(await confirm(db, step)).toEqual({ kind: 'expired' });
		expect(await countRows(db, 'patient')).toBe(before + 3000);
	}, 120_000);

	it('skips patients already in the clinic and refuses rows repeated in the file', async () => {
		const db = clinic.db();
		const before = await countRows(db, 'patient');
		// UTF-8 with a byte-order mark, as Excel saves it.
		const text = `${patientsCsv(2, 10)}Ann Other,,ann@example.org,\r\nAnn Other,,ANN@example.org,\r\n`;
		const step = await upload(db, Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8(text)]), 'patients');
		expect(step.hadBom).toBe(true);
		expect(step.review.mapping[0]).toBe('firstName');
		expect(step.review.duplicates).toEqual([
			{ row: 2, outcome: 'skip', message: expect.stringContaining('Already in the clinic') },
			{ row: 3, outcome: 'skip', message: expect.stringContaining('Already in the clinic') }
		]);
		expect(step.review.errors).toEqual([
			{ row: 5, column: null, message: expect.stringContaining('Repeats row 4') }
		]);
		expect(step.review.ready).toBe(false);
		const refused = expectReview(await confirm(db, step));
		expect(refused.notice).toContain('Nothing was imported');
		expect(await countRows(db, 'patient')).toBe(before);
	});

	it('reports malformed rows by row and column, and imports nothing from the file', async () => {
		const db = clinic.db();
		const before = await countRows(db, 'patient');
		const text =
			'name,email,phone,voicemail\r\n' +
			'Good Row,good@example.org,414-555-0190,no\r\n' +
			'Bad Email,not-an-email,,\r\n' +
			'"Broken "quote",b@example.org,,\r\n' +
			'Too,many,fields,here,extra\r\n' +
			'Bad Phone,c@example.org,12,maybe\r\n';
		const step = await upload(db, utf8(text), 'patients');
		// Row 5 could not be read cleanly: it is reported once, as read, and not checked further.
		expect(step.review.errors).toEqual([
			{ row: 3, column: 'email', message: '“not-an-email” is not an email address.' },
			{ row: 4, column: null, message: expect.stringContaining('closing quote') },
			{ row: 5, column: null, message: expect.stringContaining('has 5 fields') },
			{ row: 6, column: 'phone', message: expect.stringContaining('not a phone number') },
			{ row: 6, column: 'voicemail', message: 'Write yes or no.' }
		]);
		expect(step.review.counts.errorRows).toBe(4);
		expectReview(await confirm(db, step));
		expect(await countRows(db, 'patient')).toBe(before);
	});

	it('reads a semicolon-separated export with line breaks and semicolons inside quotes, dropping a NUL', async () => {
		const db = clinic.db();
		const text =
			'Name;Email;Notes\r\n"Semi; Co\u0000lon";semi@example.org;"call after 5pm\r\nnot Mondays"\r\n';
		const step = await upload(db, utf8(text), 'patients');
		expect(step.delimiter).toBe(';');
		expect(step.review.mapping).toEqual(['name', 'email', 'contactNote']);
		expect(await confirm(db, step)).toMatchObject({ kind: 'imported', created: 1 });
		const saved = await db
			.selectFrom('patient')
			.select(['name', 'contact_note'])
			.where('email', '=', 'semi@example.org')
			.executeTakeFirstOrThrow();
		expect(saved).toEqual({ name: 'Semi; Colon', contact_note: 'call after 5pm\r\nnot Mondays' });
	});

	it('refuses a file over the size limit with a clear message, and other roles', async () => {
		const db = clinic.db();
		const big = new Uint8Array(maxImportBytes + 1);
		expect(
			await uploadImport(
				db,
				{ file: fileOf(big), kind: 'patients', encoding: 'auto' },
				owner,
				context
			)
		).toEqual({
			kind: 'invalid',
			errors: { file: expect.stringContaining('the limit is 400 KB') }
		});
		expect(
			await uploadImport(db, { file: null, kind: 'x', encoding: 'auto' }, owner, context)
		).toEqual({
			kind: 'invalid',
			errors: { kind: expect.any(String), file: 'Choose a CSV file to upload.' }
		});
		expect(
			await uploadImport(
				db,
				{ file: fileOf(utf8('name,email\r\nA B,a@b.org\r\n')), kind: 'patients', encoding: 'auto' },
				frontDesk,
				context
			)
		).toEqual({ kind: 'forbidden' });
	});

	it('keeps a draft for its owner and an hour only', async () => {
		const db = clinic.db();
		const step = await upload(
			db,
			utf8('name,email\r\nHour Glass,hour@example.org\r\n'),
			'patients'
		);
		const other: StaffActor = { ...owner, userId: 'owner-2' };
		expect(await reviewImportAgain(db, { draft: step.draft }, other, context)).toEqual({
			kind: 'expired'
		});
		const tampered = step.draft.slice(0, -2) + (step.draft.endsWith('AA') ? 'BB' : 'AA');
		expect(await reviewImportAgain(db, { draft: tampered }, owner, context)).toEqual({
			kind: 'expired'
		});
		const later = { ...context, now: testNow.add({ minutes: 61 }) };
		expect(await confirmImport(db, confirmForm(step), owner, later)).toEqual({ kind: 'expired' });
		const stored = await db.selectFrom('import_draft').select('sealed').execute();
		expect(stored.some((row) => row.sealed.includes('hour@example.org'))).toBe(false);
		// The next upload purges what has expired.
		await uploadImport(
			db,
			{ file: fileOf(utf8('name,email\r\nX Y,x@y.org\r\n')), kind: 'patients', encoding: 'auto' },
			owner,
			later
		);
		const left = await db.selectFrom('import_draft').select('id').execute();
		expect(left.map((row) => row.id)).not.toContain(step.draft.split('.')[0]);
	});

	it('asks for a new check when the columns changed since the review', async () => {
		const db = clinic.db();
		const step = await upload(
			db,
			utf8('Full Name,Email,Note\r\nMap Change,map@example.org,hi\r\n'),
			'patients'
		);
		expect(step.review.mapping).toEqual(['name', 'email', 'contactNote']);
		const result = expectReview(await confirm(db, step, { 'column-2': '' }));
		expect(result.notice).toContain('columns changed');
		expect(result.review.mapping).toEqual(['name', 'email', '']);
		expect(
			await db.selectFrom('patient').where('email', '=', 'map@example.org').select('id').execute()
		).toEqual([]);
		const again = await reviewImportAgain(
			db,
			{ draft: step.draft, 'column-0': 'name', 'column-1': 'email' },
			owner,
			context
		);
		if (again.kind !== 'review') throw new Error(again.kind);
		expect(await confirm(db, again.step)).toMatchObject({ kind: 'imported', created: 1 });
	});

	it('imports 2,000 future appointments without overlaps and without any email', async () => {
		const db = clinic.db();
		const appointments = await countRows(db, 'appointment');
		const outbox = await countRows(db, 'outbox_message');
		const started = performance.now();
		const step = await upload(db, utf8(appointmentsCsv(2000)), 'appointments');
		const reviewed = performance.now();
		expect(step.review.errors).toEqual([]);
		expect(step.review.counts.create).toBe(2000);
		const result = await confirm(db, step);
		const done = performance.now();
		console.info(
			`[${dialect}] 2000 appointments: upload and review ${Math.round(reviewed - started)} ms, import ${Math.round(done - reviewed)} ms`
		);
		expect(result).toMatchObject({ kind: 'imported', importKind: 'appointments', created: 2000 });
		expect(await countRows(db, 'appointment')).toBe(appointments + 2000);
		expect(await countRows(db, 'outbox_message')).toBe(outbox);
		expect(await overlappingPairs(db)).toEqual([]);
		const first = await db
			.selectFrom('appointment')
			.innerJoin('patient', 'patient.id', 'appointment.patient_id')
			.select([
				'appointment.starts_at',
				'appointment.ends_at',
				'appointment.room_id',
				'appointment.status'
			])
			.where('patient.email', '=', 'p0000@example.org')
			.executeTakeFirstOrThrow();
		expect(new Date(first.starts_at).toISOString()).toBe('2028-01-03T14:00:00.000Z');
		expect(new Date(first.ends_at).toISOString()).toBe('2028-01-03T15:00:00.000Z');
		expect(first.room_id).toBe(clinic.ids.rooms[0]);
		expect(first.status).toBe('booked');
		expect(await countAudit(db, 'appointment.import')).toBe(2000);
		const events = await listAuditEvents(db, { actorId: owner.userId });
		expect(events.find((event) => event.action === 'import.appointments')?.after).toMatchObject({
			created: 2000,
			confirmationsSent: false
		});
		// The same file again: every visit is already booked, so nothing is left to import.
		const again = await upload(db, utf8(appointmentsCsv(3)), 'appointments');
		expect(again.review.counts).toMatchObject({ create: 0, skip: 3 });
		expect(again.review.ready).toBe(false);
	}, 180_000);

	it('refuses the whole file when one visit overlaps, and sends confirmations only when asked', async () => {
		const db = clinic.db();
		await findOrCreatePatient(
			db,
			{ name: 'Ola Lap', email: 'ola@example.org', phone: '' },
			testNow
		);
		const taken = await insertRaw(db, clinic.ids, {
			practitionerId: clinic.ids.mei,
			roomId: clinic.ids.rooms[0] ?? null,
			start: clinicTime('2029-02-05T10:00'),
			minutes: 60
		});
		const csv = (rows: string[]) =>
			utf8(['patient_email,practitioner,service,start,room', ...rows].join('\r\n'));
		const good = [
			'ola@example.org,Mei Lin Okafor,Follow-up acupuncture,2029-02-06 10:00,',
			'ola@example.org,daniel-brandt,Follow-up acupuncture,2029-02-07T10:00-06:00,Treatment room 2'
		];
		const clash = 'ola@example.org,Mei Lin Okafor,Follow-up acupuncture,2029-02-05 10:30,';
		const appointments = await countRows(db, 'appointment');
		const outbox = await countRows(db, 'outbox_message');

		const refused = await upload(db, csv([...good, clash]), 'appointments');
		expect(refused.review.errors).toEqual([
			{
				row: 4,
				column: 'start',
				message:
					'Mei Lin Okafor is busy then: it overlaps a visit already booked (buffers included).'
			}
		]);
		expectReview(await confirm(db, refused));
		expect(await countRows(db, 'appointment')).toBe(appointments);

		// Reviewed clean, then the calendar changes before the confirmation: nothing is written.
		const step = await upload(db, csv(good), 'appointments');
		expect(step.review.ready).toBe(true);
		await insertRaw(db, clinic.ids, {
			practitionerId: clinic.ids.daniel,
			roomId: null,
			start: clinicTime('2029-02-07T09:30'),
			minutes: 60,
			patient: 'meanwhile'
		});
		const changed = expectReview(await confirm(db, step, { sendConfirmations: 'yes' }));
		expect(changed.review.errors).toEqual([
			{ row: 3, column: 'start', message: expect.stringContaining('Daniel Brandt is busy then') }
		]);
		expect(await countRows(db, 'appointment')).toBe(appointments + 1);
		expect(await countRows(db, 'outbox_message')).toBe(outbox);

		// Fixed, with confirmations asked for: a confirmation and a reminder each.
		const fixed = await upload(
			db,
			csv([good[0] as string, good[1]?.replace('2029-02-07T10:00', '2029-02-07T12:00') as string]),
			'appointments'
		);
		expect(await confirm(db, fixed, { sendConfirmations: 'yes' })).toMatchObject({
			kind: 'imported',
			created: 2,
			emails: true
		});
		expect(await countRows(db, 'appointment')).toBe(appointments + 3);
		const messages = await db
			.selectFrom('outbox_message')
			.select(['kind', 'recipient'])
			.where('recipient', '=', 'ola@example.org')
			.execute();
		expect(messages.map((message) => message.kind).sort()).toEqual([
			'confirmation',
			'confirmation',
			'reminder',
			'reminder'
		]);
		expect(taken.status).toBe('booked');
		expect(await overlappingPairs(db)).toEqual([]);
	});
});
