import {
	patientRecordFields,
	patientRecordLabels,
	preferredContactLabels,
	type PatientRecordField,
	type PatientRecordFields
} from './patient-record';

/** One field that differs between two versions, as staff read it. */
export interface FieldChange {
	field: PatientRecordField;
	label: string;
	before: string;
	after: string;
}

/** A field's value in words: "On"/"Off" rather than true/false, "(none)" for an empty note. */
export function describeFieldValue<F extends PatientRecordField>(
	field: F,
	value: PatientRecordFields[F]
): string {
	switch (field) {
		case 'reminderEmail':
			return value ? 'On' : 'Off';
		case 'mayLeaveVoicemail':
			return value ? 'May leave one' : 'Do not leave one';
		case 'preferredContact':
			return preferredContactLabels[value as PatientRecordFields['preferredContact']];
		case 'contactNote':
			return (value as string | null) ?? '(none)';
		default:
			return String(value);
	}
}

/**
 * The fields that differ from one version of a record to the next, in page order. Values are
 * compared exactly as stored: "ann lee" to "Ann Lee" is a change (the name reads differently),
 * though both are the same patient for booking.
 */
export function diffPatientRecords(
	before: PatientRecordFields,
	after: PatientRecordFields
): FieldChange[] {
	const changes: FieldChange[] = [];
	for (const field of patientRecordFields) {
		if (before[field] === after[field]) continue;
		changes.push({
			field,
			label: patientRecordLabels[field],
			before: describeFieldValue(field, before[field]),
			after: describeFieldValue(field, after[field])
		});
	}
	return changes;
}
