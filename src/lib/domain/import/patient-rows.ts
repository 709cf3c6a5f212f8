import { z } from 'zod';
import { parsePhone } from '../clinic/phone';
import { preferredContactOptions, type PreferredContact } from '../patients/patient-record';
import { PatientIndex, type KnownPatient } from './identity';
import { columnOf, rowValues, type ImportTable, type RowError } from './table';
import { readFlag } from './values';

/*
 * Patients rows checked before anything is written: each becomes a new patient, or is skipped
 * as one already in the clinic (same email and name), or is an error the owner fixes in the
 * file. A row that shares only a phone with another patient is imported and listed as a
 * possible duplicate, since families share a phone.
 */

/** A patient as the import will create them (staff vouch for imported records). */
export interface PatientToCreate {
	row: number;
	name: string;
	email: string;
	/** Stored form ("+1-414-555-0142"), or '' when the file gave none. */
	phone: string;
	reminderEmail: boolean;
	preferredContact: PreferredContact;
	mayLeaveVoicemail: boolean;
	contactNote: string | null;
}

/** A row that matches a patient in the clinic or an earlier row of the file. */
export interface DuplicateRow {
	row: number;
	/** 'skip': the row is not imported; 'warn': it is, and staff may want to check it. */
	outcome: 'skip' | 'warn';
	message: string;
}

export interface PatientImportPlan {
	create: PatientToCreate[];
	duplicates: DuplicateRow[];
	errors: RowError[];
}

const emailSchema = z.email();

const contactWords: Record<string, PreferredContact> = {
	email: 'email',
	'e-mail': 'email',
	mail: 'email',
	phone: 'phone',
	call: 'phone',
	telephone: 'phone',
	either: 'either',
	both: 'either',
	any: 'either'
};

/** Checks every row against the rules and the clinic's patients; writes nothing. */
export function planPatientImport(
	table: ImportTable,
	mapping: readonly string[],
	existing: readonly KnownPatient[]
): PatientImportPlan {
	const known = new PatientIndex(existing);
	const inFile = new PatientIndex([]);
	const rowOfFilePatient = new Map<number, number>();
	const create: PatientToCreate[] = [];
	const duplicates: DuplicateRow[] = [];
	const errors: RowError[] = [];
	const column = (key: string) => columnOf(table, mapping, key);

	for (const { row, cells } of table.rows) {
		const values = rowValues(cells, mapping);
		const rowErrors: RowError[] = [];
		const fail = (key: string | null, message: string) =>
			rowErrors.push({ row, column: key ? column(key) : null, message });

		const name = (values.name ?? `${values.firstName ?? ''} ${values.lastName ?? ''}`)
			.trim()
			.replace(/\s+/g, ' ');
		const nameKeyField = values.name !== undefined ? 'name' : 'lastName';
		if (name.length < 2) fail(nameKeyField, 'The name is missing.');
		else if (name.length > 120) fail(nameKeyField, 'The name is longer than 120 characters.');

		const email = (values.email ?? '').trim();
		if (email === '') fail('email', 'The email is missing: the clinic reaches patients by email.');
		else if (email.length > 254 || !emailSchema.safeParse(email).success) {
			fail('email', `“${email}” is not an email address.`);
		}

		const phoneText = (values.phone ?? '').trim();
		const phone = phoneText === '' ? '' : parsePhone(phoneText);
		if (phone === null)
			fail('phone', `“${phoneText}” is not a phone number a patient can be called on.`);

		const reminderEmail = readFlag(values.reminderEmail ?? '', true);
		if (reminderEmail === null) fail('reminderEmail', 'Write yes or no.');
		const mayLeaveVoicemail = readFlag(values.mayLeaveVoicemail ?? '', false);
		if (mayLeaveVoicemail === null) fail('mayLeaveVoicemail', 'Write yes or no.');
		const contactText = (values.preferredContact ?? '').trim().toLowerCase();
		const preferredContact = contactText === '' ? 'either' : contactWords[contactText];
		if (!preferredContact) {
			fail('preferredContact', `Write one of ${preferredContactOptions.join(', ')}.`);
		}
		const note = (values.contactNote ?? '').trim();
		if (note.length > 200) fail('contactNote', 'The note is longer than 200 characters.');

		if (rowErrors.length > 0) {
			errors.push(...rowErrors);
			continue;
		}
		const patient: PatientToCreate = {
			row,
			name,
			email,
			phone: phone ?? '',
			reminderEmail: reminderEmail ?? true,
			preferredContact: preferredContact ?? 'either',
			mayLeaveVoicemail: mayLeaveVoicemail ?? false,
			contactNote: note === '' ? null : note
		};

		const same = known.withIdentity(email, name);
		if (same) {
			duplicates.push({
				row,
				outcome: 'skip',
				message: `Already in the clinic (same name and email): skipped.`
			});
			continue;
		}
		const earlier = inFile.withIdentity(email, name);
		if (earlier) {
			errors.push({
				row,
				column: null,
				message: `Repeats row ${rowOfFilePatient.get(earlier.id)} (same name and email): remove one of them.`
			});
			continue;
		}
		const samePhone = [...known.withPhone(patient.phone), ...inFile.withPhone(patient.phone)];
		const [first] = samePhone;
		if (first) {
			const where = rowOfFilePatient.has(first.id)
				? `row ${rowOfFilePatient.get(first.id)}`
				: 'a patient already in the clinic';
			duplicates.push({
				row,
				outcome: 'warn',
				message: `Same phone as ${where} (${first.name}): imported as a separate patient; check it is not the same person.`
			});
		}
		const fileId = -(create.length + 1);
		rowOfFilePatient.set(fileId, row);
		inFile.add({ id: fileId, name, email, phone: patient.phone });
		create.push(patient);
	}
	return { create, duplicates, errors };
}
