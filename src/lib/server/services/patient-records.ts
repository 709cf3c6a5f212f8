import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { formatAppointmentTime } from '$lib/domain/booking/appointment-time';
import { fieldErrors } from '$lib/domain/booking/contact-details';
import {
	contactEditSchema,
	preferencesEditSchema,
	type PatientRecordField,
	type PatientRecordFields
} from '$lib/domain/patients/patient-record';
import { diffPatientRecords, type FieldChange } from '$lib/domain/patients/record-diff';
import { can } from '$lib/domain/staff/roles';
import { normalizeEmail, normalizeName } from '$lib/domain/patients/identity-match';
import { appendAuditEvent } from '../db/repositories/audit-repository';
import { isUniqueViolation } from '../db/repositories/idempotency-repository';
import { readdressPendingMessages } from '../db/repositories/outbox-repository';
import {
	appendPatientVersion,
	findOtherPatientWithIdentity,
	findPatientRecord,
	listPatientVersions,
	updatePatientRecord,
	type PatientRecord,
	type PatientVersion
} from '../db/repositories/patient-record-repository';
import type { Database } from '../db/schema';
import { transactionWithRetry } from '../db/transaction';
import { staffAuditActor, type RequestMeta, type StaffActor } from './audit';

/** What an edit of a patient's record came to. `values` is what the person typed. */
export type PatientEditResult =
	| { kind: 'forbidden' }
	| { kind: 'not_found' }
	| { kind: 'invalid'; errors: Record<string, string>; values: Record<string, string> }
	| {
			kind: 'stale';
			version: number;
			current: PatientRecordFields;
			lastChangedBy: string | null;
			values: Record<string, string>;
	  }
	| { kind: 'duplicate'; other: { id: number; name: string }; values: Record<string, string> }
	| { kind: 'unchanged' }
	| { kind: 'saved'; version: number };

interface EditContext {
	now: Temporal.Instant;
	request?: RequestMeta;
}

const contactFields = ['name', 'email', 'phone'] as const;
const preferenceFields = [
	'reminderEmail',
	'preferredContact',
	'mayLeaveVoicemail',
	'contactNote'
] as const;

/**
 * Changes a patient's name, email and phone with the booking rules, as a new version of the
 * record. Refused when the form was read at an older version, or when the new name and email
 * belong to another patient (records are never merged silently).
 */
export async function changePatientContact(
	db: Kysely<Database>,
	patientId: number,
	form: Record<string, string>,
	staff: StaffActor,
	context: EditContext
): Promise<PatientEditResult> {
	if (!can(staff, 'patients.contact')) return { kind: 'forbidden' };
	// What comes back to the form: what was typed, and the version it was read at.
	const values = pick(form, [...contactFields, 'version']);
	const parsed = contactEditSchema.safeParse(values);
	if (!parsed.success) return { kind: 'invalid', errors: fieldErrors(parsed.error), values };
	return amendPatientRecord(db, patientId, {
		expectedVersion: versionOf(form),
		values,
		apply: (before) => ({ ...before, ...parsed.data }),
		audited: contactFields,
		action: 'patient.contact_changed',
		reason: 'contact details edited',
		staff,
		context
	});
}

/** Changes how a patient wants to be reached, as a new version of the record. */
export async function changePatientPreferences(
	db: Kysely<Database>,
	patientId: number,
	form: Record<string, string>,
	staff: StaffActor,
	context: EditContext
): Promise<PatientEditResult> {
	if (!can(staff, 'patients.contact')) return { kind: 'forbidden' };
	const values = pick(form, [...preferenceFields, 'version']);
	const parsed = preferencesEditSchema.safeParse(values);
	if (!parsed.success) return { kind: 'invalid', errors: fieldErrors(parsed.error), values };
	return amendPatientRecord(db, patientId, {
		expectedVersion: versionOf(form),
		values,
		apply: (before) => ({ ...before, ...parsed.data }),
		audited: preferenceFields,
		action: 'patient.preferences_changed',
		reason: 'communication preferences changed',
		staff,
		context
	});
}

/** One version in a patient's history, newest first on the page. */
export interface HistoryEntry {
	version: number;
	at: string;
	when: string;
	/** The staff member, or null for the record as booked. */
	who: string | null;
	reason: string;
	changes: FieldChange[];
}

/**
 * A patient's history, newest first: who changed what, field by field. A record nobody has
 * edited has one entry, as booked.
 */
export async function loadPatientHistory(
	db: Kysely<Database>,
	record: PatientRecord,
	zone: { timeZone: string; city: string }
): Promise<HistoryEntry[]> {
	const versions = await listPatientVersions(db, record.id);
	if (versions.length === 0) {
		return [entry(asBookedVersion(record), [], zone)];
	}
	return versions
		.map((version, index) => {
			const previous = versions[index - 1];
			return entry(
				version,
				previous ? diffPatientRecords(previous.fields, version.fields) : [],
				zone
			);
		})
		.reverse();
}

const asBookedLabel = 'Booking';

/** Version 1 as written on the first edit: the row as booked, at the time it was created. */
function asBookedVersion(record: PatientRecord): PatientVersion {
	return {
		version: 1,
		fields: record.fields,
		changedAt: record.createdAt,
		changedBy: { id: null, label: asBookedLabel },
		reason: 'as booked'
	};
}

function entry(
	version: PatientVersion,
	changes: FieldChange[],
	zone: { timeZone: string; city: string }
): HistoryEntry {
	const time = formatAppointmentTime(
		version.changedAt,
		version.changedAt,
		zone.timeZone,
		zone.city
	);
	return {
		version: version.version,
		at: version.changedAt.toString(),
		when: `${time.date}, ${time.startTime} ${time.zoneAbbreviation}`,
		who: version.changedBy.id === null ? null : version.changedBy.label,
		reason: version.reason,
		changes
	};
}

/**
 * Writes one edit in one transaction: the new version of the record, the patient row (only if
 * still at the version the form was read at) and the audit event, or nothing at all.
 */
async function amendPatientRecord(
	db: Kysely<Database>,
	patientId: number,
	edit: {
		expectedVersion: number | null;
		values: Record<string, string>;
		apply: (before: PatientRecordFields) => PatientRecordFields;
		audited: readonly PatientRecordField[];
		action: string;
		reason: string;
		staff: StaffActor;
		context: EditContext;
	}
): Promise<PatientEditResult> {
	const { context, staff, values } = edit;
	try {
		return await transactionWithRetry(db, async (trx): Promise<PatientEditResult> => {
			const before = await findPatientRecord(trx, patientId);
			if (!before) return { kind: 'not_found' };
			if (before.version !== edit.expectedVersion) return staleAnswer(trx, before, values);
			const after = edit.apply(before.fields);
			if (diffPatientRecords(before.fields, after).length === 0) return { kind: 'unchanged' };
			// Only a change of name or email can make this record another patient's namesake; an
			// unconfirmed record may share both with its possible match (ADR 0029).
			const renamed =
				normalizeName(after.name) !== normalizeName(before.fields.name) ||
				normalizeEmail(after.email) !== normalizeEmail(before.fields.email);
			const other = renamed ? await findOtherPatientWithIdentity(trx, after, patientId) : null;
			if (other) return { kind: 'duplicate', other, values };
			if (!(await updatePatientRecord(trx, patientId, before.version, after))) {
				// Someone saved between our read and our write: nothing was written.
				const current = await findPatientRecord(trx, patientId);
				return current ? staleAnswer(trx, current, values) : { kind: 'not_found' };
			}
			if (after.email !== before.fields.email) {
				await readdressPendingMessages(trx, patientId, after.email);
			}
			// Nobody edited this record before: keep it as booked as version 1 (ADR 0016).
			if (before.version === 1) await appendPatientVersion(trx, patientId, asBookedVersion(before));
			const version = before.version + 1;
			const actor = staffAuditActor(staff);
			await appendPatientVersion(trx, patientId, {
				version,
				fields: after,
				changedAt: context.now,
				// Named as the audit log names them, so the two records read alike.
				changedBy: { id: actor.id, label: actor.label },
				reason: edit.reason
			});
			await appendAuditEvent(trx, {
				at: context.now,
				actor,
				action: edit.action,
				patientId,
				subject: { type: 'patient', id: patientId },
				before: { version: before.version, ...pick(before.fields, edit.audited) },
				after: { version, ...pick(after, edit.audited) },
				ip: context.request?.ip,
				requestId: context.request?.requestId
			});
			return { kind: 'saved', version };
		});
	} catch (error) {
		// A booking created a patient with these details after our check: refuse the same way.
		if (!isUniqueViolation(error)) throw error;
		const record = await findPatientRecord(db, patientId);
		const other =
			record && (await findOtherPatientWithIdentity(db, edit.apply(record.fields), patientId));
		if (!other) throw error;
		return { kind: 'duplicate', other, values };
	}
}

async function staleAnswer(
	db: Kysely<Database>,
	current: PatientRecord,
	values: Record<string, string>
): Promise<PatientEditResult> {
	const versions = await listPatientVersions(db, current.id);
	return {
		kind: 'stale',
		version: current.version,
		current: current.fields,
		lastChangedBy: versions.at(-1)?.changedBy.label ?? null,
		values
	};
}

/** The version the form was read at, or null when it is missing or not a version number. */
function versionOf(form: Record<string, string>): number | null {
	const version = Number(form.version);
	return Number.isSafeInteger(version) && version > 0 ? version : null;
}

function pick<T extends object, K extends keyof T & string>(
	source: T,
	keys: readonly K[]
): Pick<T, K> {
	const picked = {} as Pick<T, K>;
	for (const key of keys) {
		if (key in source) picked[key] = source[key];
	}
	return picked;
}
