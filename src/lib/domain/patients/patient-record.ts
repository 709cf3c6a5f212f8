import { z } from 'zod';
import { contactDetailsSchema } from '../booking/contact-details';

/*
 * A patient's record as the front desk keeps it: contact details and how the patient wants to
 * be reached. Nothing clinical belongs here; the front desk reads and edits all of it.
 */

export const preferredContactOptions = ['email', 'phone', 'either'] as const;
export type PreferredContact = (typeof preferredContactOptions)[number];

/** How each way of contact is offered on the preferences form. */
export const preferredContactLabels: Record<PreferredContact, string> = {
	email: 'Email',
	phone: 'Phone',
	either: 'Either'
};

/** The fields of a patient record that are versioned, as the domain sees them. */
export interface PatientRecordFields {
	name: string;
	email: string;
	phone: string;
	/** Whether the 24-hour reminder email goes out (confirmations and changes always do). */
	reminderEmail: boolean;
	preferredContact: PreferredContact;
	/** Off unless the patient said yes: a voicemail can disclose the visit to whoever hears it. */
	mayLeaveVoicemail: boolean;
	contactNote: string | null;
}

export type PatientRecordField = keyof PatientRecordFields;

/** Field order on the page and in a version's list of changes. */
export const patientRecordFields: readonly PatientRecordField[] = [
	'name',
	'email',
	'phone',
	'reminderEmail',
	'preferredContact',
	'mayLeaveVoicemail',
	'contactNote'
];

/** How each field is named to staff. */
export const patientRecordLabels: Record<PatientRecordField, string> = {
	name: 'Name',
	email: 'Email',
	phone: 'Phone',
	reminderEmail: 'Reminder emails',
	preferredContact: 'Preferred contact',
	mayLeaveVoicemail: 'Voicemail',
	contactNote: 'Note for the front desk'
};

/** The contact details form: the same rules as booking, so a record always books again. */
export const contactEditSchema = contactDetailsSchema.pick({
	name: true,
	email: true,
	phone: true
});

/** A checkbox as a form posts it: present ("yes") when ticked, absent otherwise. */
const checkbox = z
	.string()
	.optional()
	.transform((value) => value === 'yes');

/** The communication preferences form. */
export const preferencesEditSchema = z.object({
	reminderEmail: checkbox,
	preferredContact: z.enum(preferredContactOptions, {
		error: 'Choose how the patient prefers to be contacted.'
	}),
	mayLeaveVoicemail: checkbox,
	contactNote: z
		.string()
		.trim()
		.max(200, 'Please keep the note under 200 characters.')
		.optional()
		.transform((value) => (value ? value : null))
});

export type ContactEdit = z.infer<typeof contactEditSchema>;
export type PreferencesEdit = z.infer<typeof preferencesEditSchema>;

/**
 * The short line the front desk reads before calling or writing: "Prefers phone; no
 * voicemail; no reminder emails; note: call after 5pm".
 */
export function describeContactPreferences(
	record: Pick<
		PatientRecordFields,
		'preferredContact' | 'mayLeaveVoicemail' | 'reminderEmail' | 'contactNote'
	>
): string {
	const parts = [
		record.preferredContact === 'either' ? 'Email or phone' : `Prefers ${record.preferredContact}`,
		record.mayLeaveVoicemail ? 'voicemail allowed' : 'no voicemail'
	];
	if (!record.reminderEmail) parts.push('no reminder emails');
	if (record.contactNote) parts.push(`note: ${record.contactNote}`);
	return parts.join('; ');
}
