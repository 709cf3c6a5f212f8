/*
 * The columns an import understands, for patients and for appointments, with the header names
 * the documentation gives (docs/operations.md, "Moving in from another system") and the other
 * names exports commonly use, so that the mapping step starts from a sensible guess.
 */

export const importKinds = ['patients', 'appointments'] as const;
export type ImportKind = (typeof importKinds)[number];

export interface ImportField {
	key: string;
	/** The documented header name. */
	header: string;
	label: string;
	/** What the column holds, as the page and the docs say it. */
	help: string;
	/** Other header names that mean this field (compared without case, spaces or punctuation). */
	aliases: readonly string[];
}

export const patientFields = [
	{
		key: 'name',
		header: 'name',
		label: 'Full name',
		help: 'The full name; or use first_name and last_name.',
		aliases: ['full name', 'patient name', 'patient', 'client name', 'client', 'display name']
	},
	{
		key: 'firstName',
		header: 'first_name',
		label: 'First name',
		help: 'Given name (with last_name, instead of name).',
		aliases: ['first', 'firstname', 'given name', 'forename', 'first name']
	},
	{
		key: 'lastName',
		header: 'last_name',
		label: 'Last name',
		help: 'Family name (with first_name, instead of name).',
		aliases: ['last', 'lastname', 'surname', 'family name', 'last name']
	},
	{
		key: 'email',
		header: 'email',
		label: 'Email',
		help: 'Required: booking links and reminders go to this address.',
		aliases: ['e-mail', 'email address', 'e-mail address', 'mail', 'patient email']
	},
	{
		key: 'phone',
		header: 'phone',
		label: 'Phone',
		help: 'Optional; any common format, e.g. (414) 555-0142 or +44 20 7946 0000.',
		aliases: ['mobile', 'cell', 'cell phone', 'mobile phone', 'telephone', 'phone number', 'tel']
	},
	{
		key: 'reminderEmail',
		header: 'reminder_email',
		label: 'Reminder emails',
		help: 'yes or no; yes when empty.',
		aliases: ['reminders', 'email reminders', 'send reminders', 'reminder']
	},
	{
		key: 'preferredContact',
		header: 'preferred_contact',
		label: 'Preferred contact',
		help: 'email, phone or either; either when empty.',
		aliases: ['contact preference', 'preferred contact method', 'contact by']
	},
	{
		key: 'mayLeaveVoicemail',
		header: 'voicemail',
		label: 'Voicemail allowed',
		help: 'yes or no; no when empty (a voicemail can tell others of the visit).',
		aliases: ['may leave voicemail', 'ok to leave message', 'leave message', 'voicemail ok']
	},
	{
		key: 'contactNote',
		header: 'contact_note',
		label: 'Note for the front desk',
		help: 'Up to 200 characters, never clinical ("call after 5pm").',
		aliases: ['note', 'notes', 'contact notes']
	}
] as const satisfies readonly ImportField[];

export const appointmentFields = [
	{
		key: 'patientEmail',
		header: 'patient_email',
		label: 'Patient email',
		help: 'The email of a patient already in the clinic (import patients first).',
		aliases: ['email', 'e-mail', 'client email', 'email address']
	},
	{
		key: 'patientPhone',
		header: 'patient_phone',
		label: 'Patient phone',
		help: 'Or the patient’s phone, when there is no email.',
		aliases: ['phone', 'mobile', 'cell', 'telephone', 'client phone', 'phone number']
	},
	{
		key: 'patientName',
		header: 'patient_name',
		label: 'Patient name',
		help: 'Optional; tells apart patients who share an email or phone.',
		aliases: ['name', 'patient', 'client', 'client name', 'full name']
	},
	{
		key: 'practitioner',
		header: 'practitioner',
		label: 'Practitioner',
		help: 'The practitioner’s name as in Settings, or their page name (slug).',
		aliases: ['provider', 'staff', 'therapist', 'acupuncturist', 'clinician', 'with']
	},
	{
		key: 'service',
		header: 'service',
		label: 'Service',
		help: 'The service’s name as in Settings, or its slug.',
		aliases: ['appointment type', 'type', 'treatment', 'visit type', 'service name']
	},
	{
		key: 'location',
		header: 'location',
		label: 'Location',
		help: 'The location’s name or slug; may be left out when the clinic has one location.',
		aliases: ['clinic', 'site', 'office', 'branch']
	},
	{
		key: 'room',
		header: 'room',
		label: 'Room',
		help: 'Optional; otherwise the first free room the service needs is taken.',
		aliases: ['treatment room', 'resource']
	},
	{
		key: 'start',
		header: 'start',
		label: 'Start',
		help: '2027-03-15 14:30 in the location’s time, 03/15/2027 2:30 PM, or ISO with offset (2027-03-15T14:30-05:00).',
		aliases: ['start time', 'starts at', 'start date time', 'datetime', 'appointment time', 'when']
	},
	{
		key: 'date',
		header: 'date',
		label: 'Date',
		help: 'Instead of start: the date (2027-03-15 or 03/15/2027) …',
		aliases: ['appointment date', 'day', 'start date']
	},
	{
		key: 'time',
		header: 'time',
		label: 'Time',
		help: '… and the time (14:30 or 2:30 PM) in the location’s time.',
		aliases: ['appointment time of day', 'start time of day', 'hour', 'time of day']
	},
	{
		key: 'durationMinutes',
		header: 'duration_minutes',
		label: 'Duration (minutes)',
		help: 'Optional; the service’s duration when empty.',
		aliases: ['duration', 'length', 'minutes', 'duration min', 'length minutes']
	},
	{
		key: 'newPatient',
		header: 'new_patient',
		label: 'New patient',
		help: 'yes or no; yes only for a new-patient service when empty.',
		aliases: ['new', 'first visit', 'is new patient', 'new client']
	},
	{
		key: 'note',
		header: 'note',
		label: 'Note',
		help: 'Optional, up to 500 characters; shown to staff on the appointment.',
		aliases: ['notes', 'comment', 'comments', 'appointment note']
	}
] as const satisfies readonly ImportField[];

export type PatientFieldKey = (typeof patientFields)[number]['key'];
export type AppointmentFieldKey = (typeof appointmentFields)[number]['key'];

/** The fields of an import kind. */
export function fieldsFor(kind: ImportKind): readonly ImportField[] {
	return kind === 'patients' ? patientFields : appointmentFields;
}

/** A header compared without case, spaces, underscores or punctuation: "E-mail" is "email". */
export function headerKey(header: string): string {
	return header
		.normalize('NFKD')
		.toLowerCase()
		.replace(/[^a-z0-9]/g, '');
}

/**
 * Which field each column most likely holds: its documented name first, then a known other
 * name; a field is given to one column only, the first; '' leaves a column out.
 */
export function guessMapping(headers: readonly string[], kind: ImportKind): string[] {
	const fields = fieldsFor(kind);
	const taken = new Set<string>();
	const byName = (header: string, names: (field: ImportField) => readonly string[]) => {
		const key = headerKey(header);
		return fields.find(
			(field) => !taken.has(field.key) && names(field).some((name) => headerKey(name) === key)
		);
	};
	const mapping: string[] = headers.map(() => '');
	// Documented names win over aliases, wherever they stand.
	headers.forEach((header, index) => {
		const field = byName(header, (entry) => [entry.header, entry.key, entry.label]);
		if (field) {
			mapping[index] = field.key;
			taken.add(field.key);
		}
	});
	headers.forEach((header, index) => {
		if (mapping[index]) return;
		const field = byName(header, (entry) => entry.aliases);
		if (field) {
			mapping[index] = field.key;
			taken.add(field.key);
		}
	});
	return mapping;
}

/** What is wrong with a mapping as a whole (a field twice, a required field missing). */
export function mappingProblems(
	mapping: readonly string[],
	kind: ImportKind,
	options: { locations: number } = { locations: 1 }
): string[] {
	const fields = fieldsFor(kind);
	const problems: string[] = [];
	const used = mapping.filter((key) => key !== '');
	const label = (key: string) => fields.find((field) => field.key === key)?.label ?? key;
	for (const key of new Set(used)) {
		if (!fields.some((field) => field.key === key)) problems.push(`Unknown field “${key}”.`);
		else if (used.filter((entry) => entry === key).length > 1) {
			problems.push(`${label(key)} is chosen for more than one column.`);
		}
	}
	const has = (key: string) => used.includes(key);
	if (kind === 'patients') {
		if (!has('name') && !(has('firstName') && has('lastName'))) {
			problems.push('Choose a column for the full name, or for both first and last name.');
		}
		if (has('name') && (has('firstName') || has('lastName'))) {
			problems.push('Choose either the full name or first and last name, not both.');
		}
		if (!has('email')) problems.push('Choose the column with the email address.');
	} else {
		if (!has('patientEmail') && !has('patientPhone')) {
			problems.push('Choose the column with the patient’s email or phone.');
		}
		if (!has('practitioner')) problems.push('Choose the column with the practitioner.');
		if (!has('service')) problems.push('Choose the column with the service.');
		if (!has('start') && !(has('date') && has('time'))) {
			problems.push('Choose the column with the start, or the columns with the date and time.');
		}
		if (has('start') && (has('date') || has('time'))) {
			problems.push('Choose either the start or the date and time, not both.');
		}
		if (!has('location') && options.locations > 1) {
			problems.push('The clinic has several locations: choose the column with the location.');
		}
	}
	return problems;
}
