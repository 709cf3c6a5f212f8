import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { formatAppointmentTime } from '$lib/domain/booking/appointment-time';
import { fieldErrors } from '$lib/domain/booking/contact-details';
import { formatCalendarDate } from '$lib/domain/clinic/dates';
import { consentTextToHash } from '$lib/domain/consent/canonical-text';
import {
	acupunctureRisks,
	consentDocumentFormSchema,
	defaultConsentDocument,
	type ConsentDocument
} from '$lib/domain/consent/consent-document';
import { reviewConsentText, type ConsentTextReview } from '$lib/domain/consent/consent-review';
import { consentSignatureSchema } from '$lib/domain/consent/consent-signature';
import {
	consentState,
	describeConsentForPatient,
	describeConsentForStaff,
	type ConsentState
} from '$lib/domain/consent/consent-status';
import { firstValue, parseForm, type FormValues } from '$lib/domain/intake/form-values';
import { can } from '$lib/domain/staff/roles';
import { renderMarkdown } from '../content/render-markdown';
import { findAppointmentByTokenHash } from '../db/repositories/appointment-repository';
import { appendAuditEvent } from '../db/repositories/audit-repository';
import { findClinic } from '../db/repositories/clinic-repository';
import {
	findConsentSignature,
	findConsentVersion,
	findCurrentConsentVersion,
	findLatestConsentSignature,
	findLatestConsentSignatureOfAppointment,
	highestConsentVersion,
	highestSignedVersions,
	insertConsentSignature,
	insertConsentVersion,
	listConsentVersions,
	type ConsentSignatureRecord,
	type ConsentVersionRecord
} from '../db/repositories/consent-repository';
import { isUniqueViolation } from '../db/repositories/idempotency-repository';
import { findPatient } from '../db/repositories/patient-repository';
import { patientRecordIds } from '../db/repositories/patient-identity-repository';
import type { Database } from '../db/schema';
import { transactionWithRetry } from '../db/transaction';
import { auditActorFor, staffAuditActor, type RequestMeta, type StaffActor } from './audit';
import { loadClinicZone } from './clinic-contact';
import { hashToken, looksLikeToken } from './tokens';
import type { VisitForm } from './visit-forms';

/*
 * Consent to treatment (issue 5): the owner publishes versions of the text, patients sign the
 * current one from their manage link, and staff see who has signed which version. Every text
 * and every signature is a new row (the tables refuse changes), and a signature keeps the hash
 * of the exact text it was given on, so a printed form can be checked against the database.
 *
 * Before the owner publishes anything, version 1 is the default text with the clinic's name in
 * it, created the first time a patient needs to read it (see ADR 0021).
 */

type Zone = { timeZone: string; city: string };
type Context = { now: Temporal.Instant; request?: RequestMeta };

/** Who the default version 1 is recorded as created by. */
export const defaultConsentAuthor = 'Default text (created automatically)';

/** SHA-256, in hex, of the UTF-8 bytes of the version's canonical text. */
export function hashConsentText(
	document: Pick<ConsentDocument, 'version' | 'title' | 'bodyMarkdown'>
): string {
	return createHash('sha256').update(consentTextToHash(document), 'utf8').digest('hex');
}

/** Whether a stored version's text still hashes to what was stored with it. */
function textIntact(version: ConsentVersionRecord): boolean {
	return hashConsentText(version) === version.textHash;
}

/** Line endings as stored: LF, whatever the browser posted (the hash ignores them anyway). */
const storedText = (text: string) => text.replace(/\r\n?/g, '\n');

/** "March 3, 2027" in the clinic's zone. */
function dayOf(instant: Temporal.Instant, zone: Zone): string {
	return formatCalendarDate(instant.toZonedDateTimeISO(zone.timeZone).toPlainDate().toString());
}

/** "Wednesday, March 3, 2027, 9:05 am CST" in the clinic's zone. */
function momentOf(instant: Temporal.Instant, zone: Zone): string {
	const time = formatAppointmentTime(instant, instant, zone.timeZone, zone.city);
	return `${time.date}, ${time.startTime} ${time.zoneAbbreviation}`;
}

/** The risk figures every version states, for the box above the full text. */
export const consentRiskSummary = {
	minorPercent: acupunctureRisks.minorAdverseEventPercent,
	/** "bruising, soreness or a little bleeding where a needle went in" */
	minorExamples: `${acupunctureRisks.minorExamples.slice(0, -1).join(', ')} or ${acupunctureRisks.minorExamples.at(-1)}`,
	seriousPerPatients: acupunctureRisks.seriousAdverseEventsPerPatients.toLocaleString('en-US')
};

// ---------------------------------------------------------------------------------------------
// The owner's page

/** The values of the owner's form, as typed. */
export interface ConsentFormValues {
	title: string;
	bodyMarkdown: string;
}

/**
 * The owner's consent page: the current version (or none yet), the form filled with its text
 * (or with the default text), the review of that text and every version so far.
 */
export async function loadConsentSettings(db: Kysely<Database>, staff: StaffActor) {
	if (!can(staff, 'settings.manage')) return { kind: 'forbidden' as const };
	const [current, versions, clinic, zone] = await Promise.all([
		findCurrentConsentVersion(db),
		listConsentVersions(db),
		findClinic(db),
		loadClinicZone(db)
	]);
	const text = current ?? defaultConsentDocument(clinic?.name ?? 'our clinic');
	return {
		kind: 'ok' as const,
		current: current && {
			version: current.version,
			title: current.title,
			publishedOn: momentOf(current.createdAt, zone),
			by: current.createdByName,
			textHash: current.textHash
		},
		values: { title: text.title, bodyMarkdown: text.bodyMarkdown } satisfies ConsentFormValues,
		review: reviewConsentText(text),
		risks: consentRiskSummary,
		versions: versions.map((version) => ({
			version: version.version,
			title: version.title,
			publishedOn: momentOf(version.createdAt, zone),
			at: version.createdAt.toString(),
			by: version.createdByName,
			textHash: version.textHash
		}))
	};
}

function formValues(fields: Record<string, string>): ConsentFormValues {
	return { title: fields.title ?? '', bodyMarkdown: fields.bodyMarkdown ?? '' };
}

/** The edited text as patients would see it, with its review; nothing is saved. */
export async function previewConsentText(
	db: Kysely<Database>,
	staff: StaffActor,
	fields: Record<string, string>
) {
	void db;
	if (!can(staff, 'settings.manage')) return { kind: 'forbidden' as const };
	const values = formValues(fields);
	const parsed = consentDocumentFormSchema.safeParse(values);
	return {
		kind: 'preview' as const,
		values,
		errors: parsed.success ? {} : fieldErrors(parsed.error),
		review: reviewConsentText(values),
		html: renderMarkdown(storedText(values.bodyMarkdown))
	};
}

export type PublishConsentResult =
	| { kind: 'published'; version: number }
	| { kind: 'forbidden' }
	| { kind: 'invalid'; values: ConsentFormValues; errors: Record<string, string> }
	/** The text makes a forbidden claim or leaves out a risk figure: nothing was written. */
	| { kind: 'blocked'; values: ConsentFormValues; review: ConsentTextReview }
	/** Nothing to publish (the same text), or another version was published meanwhile. */
	| { kind: 'refused'; values: ConsentFormValues; message: string };

/**
 * Publishes the edited text as a new version, with its hash, and records it in the audit log,
 * in one transaction. Never changes an earlier version: signatures keep pointing at the text
 * they were given on. Blocking problems (see consent-review.ts) refuse it and write nothing.
 */
export async function publishConsentText(
	db: Kysely<Database>,
	staff: StaffActor,
	fields: Record<string, string>,
	context: Context
): Promise<PublishConsentResult> {
	if (!can(staff, 'settings.manage')) return { kind: 'forbidden' };
	const values = formValues(fields);
	const parsed = consentDocumentFormSchema.safeParse(values);
	if (!parsed.success) return { kind: 'invalid', values, errors: fieldErrors(parsed.error) };
	const text = { title: parsed.data.title, bodyMarkdown: storedText(parsed.data.bodyMarkdown) };
	const review = reviewConsentText(text);
	if (review.blocking.length > 0) return { kind: 'blocked', values, review };
	try {
		return await db.transaction().execute(async (trx) => {
			const current = await findCurrentConsentVersion(trx);
			// The form trims what it is sent, so the stored text is compared trimmed too.
			if (
				current &&
				consentTextToHash({ ...text, version: current.version }) ===
					consentTextToHash({
						version: current.version,
						title: current.title.trim(),
						bodyMarkdown: current.bodyMarkdown.trim()
					})
			) {
				return {
					kind: 'refused' as const,
					values,
					message: `This is the text of version ${current.version} already, so nothing was published.`
				};
			}
			const version = (await highestConsentVersion(trx)) + 1;
			const textHash = hashConsentText({ ...text, version });
			const id = await insertConsentVersion(trx, {
				version,
				...text,
				textHash,
				at: context.now,
				byName: staff.name
			});
			await appendAuditEvent(trx, {
				at: context.now,
				actor: staffAuditActor(staff),
				action: 'consent.version_published',
				subject: { type: 'consent_document', id: id ?? version },
				before: current ? { version: current.version, textHash: current.textHash } : undefined,
				after: { version, title: text.title, textHash, warnings: review.warnings },
				ip: context.request?.ip,
				requestId: context.request?.requestId
			});
			return { kind: 'published' as const, version };
		});
	} catch (error) {
		// Two owners published at the same moment: the version number is taken.
		if (!isUniqueViolation(error)) throw error;
		return {
			kind: 'refused',
			values,
			message:
				'Another version was published while you were editing. Nothing was saved: look at the current text, then publish again.'
		};
	}
}

/**
 * The current version, creating version 1 from the default text (with the clinic's name) when
 * nothing has been published yet. Two requests doing so at once create it once.
 */
export async function ensureCurrentConsentVersion(
	db: Kysely<Database>,
	now: Temporal.Instant
): Promise<ConsentVersionRecord> {
	const current = await findCurrentConsentVersion(db);
	if (current) return current;
	const clinic = await findClinic(db);
	const text = defaultConsentDocument(clinic?.name ?? 'our clinic');
	const textHash = hashConsentText(text);
	await db.transaction().execute(async (trx) => {
		const id = await insertConsentVersion(
			trx,
			{ ...text, textHash, at: now, byName: defaultConsentAuthor },
			{ ifAbsent: true }
		);
		if (id === null) return;
		await appendAuditEvent(trx, {
			at: now,
			actor: { type: 'system', label: 'default consent text' },
			action: 'consent.version_published',
			subject: { type: 'consent_document', id },
			after: { version: text.version, title: text.title, textHash, source: 'default' }
		});
	});
	const created = await findCurrentConsentVersion(db);
	if (!created) throw new Error('the default consent version could not be created');
	return created;
}

// ---------------------------------------------------------------------------------------------
// Status, for the manage page and for staff

/** Where a patient stands, as staff pages show it. */
export interface ConsentStatus {
	state: ConsentState;
	/** "signed (version 2, March 3, 2027)", "not signed", "signed an older version (...)". */
	text: string;
	/** The latest signature's printable view, when there is one. */
	href: string | null;
}

/**
 * Where consent stands for a patient's record (staff: every id of `patientRecordIds`) or for
 * one appointment (a manage link sees only what was signed through it: ADR 0029).
 */
async function statusOf(
	db: Kysely<Database>,
	of: { patientIds: readonly number[] } | { appointmentId: number }
) {
	const [current, signature, zone] = await Promise.all([
		findCurrentConsentVersion(db),
		'appointmentId' in of
			? findLatestConsentSignatureOfAppointment(db, of.appointmentId)
			: findLatestConsentSignature(db, of.patientIds),
		loadClinicZone(db)
	]);
	const state = consentState(signature?.version ?? null, current?.version ?? null);
	const signed = signature && {
		version: signature.version,
		date: dayOf(signature.signedAt, zone)
	};
	return { state, signed, current, signature, zone };
}

/** A patient's consent status for staff (anyone with forms.status); null for anyone else. */
export async function loadConsentStatus(
	db: Kysely<Database>,
	patientId: number,
	staff: StaffActor
): Promise<ConsentStatus | null> {
	if (!can(staff, 'forms.status')) return null;
	const patientIds = await patientRecordIds(db, patientId);
	const { state, signed, current, signature } = await statusOf(db, { patientIds });
	return {
		state,
		text: describeConsentForStaff(state, signed, current?.version ?? null),
		href: signature ? `/admin/patients/${patientId}/consent/${signature.id}` : null
	};
}

/**
 * Of these patients, those who have not signed the current version (for a day's calendar: two
 * queries whatever the number of appointments). Empty for roles without forms.status.
 */
export async function loadConsentMissing(
	db: Kysely<Database>,
	patientIds: readonly number[],
	staff: StaffActor,
	/** Each patient's record ids (`patientRecordGroups`), so merged records count. */
	groups?: ReadonlyMap<number, readonly number[]>
): Promise<ReadonlySet<number>> {
	if (!can(staff, 'forms.status') || patientIds.length === 0) return new Set();
	const membersOf = (id: number) => groups?.get(id) ?? [id];
	const [current, signed] = await Promise.all([
		highestConsentVersion(db),
		highestSignedVersions(db, patientIds.flatMap(membersOf))
	]);
	const highest = (id: number) =>
		Math.max(0, ...membersOf(id).map((member) => signed.get(member) ?? 0)) || null;
	return new Set(
		patientIds.filter((id) => consentState(highest(id), current || null) !== 'signed')
	);
}

/** The manage page's entry for the consent form: signed through this appointment, or not. */
export async function consentVisitForm(
	db: Kysely<Database>,
	appointmentId: number
): Promise<VisitForm> {
	const { state, signed } = await statusOf(db, { appointmentId });
	return {
		path: 'consent',
		label: 'Consent to treatment',
		status: describeConsentForPatient(state, signed),
		done: state === 'signed'
	};
}

// ---------------------------------------------------------------------------------------------
// The patient's side

async function findByToken(db: Kysely<Database>, token: string) {
	if (!looksLikeToken(token)) return null;
	return findAppointmentByTokenHash(db, hashToken(token));
}

/**
 * The signing page of a manage link: the current text (version 1 is created from the default
 * when none exists), the name on record as a hint, and whether and when the patient signed.
 * Null for an unknown token.
 */
export async function loadConsentPage(
	db: Kysely<Database>,
	token: string,
	now: Temporal.Instant,
	request?: RequestMeta
) {
	const appointment = await findByToken(db, token);
	if (!appointment) return null;
	const patient = await findPatient(db, appointment.patientId);
	if (!patient) return null;
	await ensureCurrentConsentVersion(db, now);
	// Only a signature given through this appointment counts here (ADR 0029).
	const { state, signed, current, signature } = await statusOf(db, {
		appointmentId: appointment.id
	});
	if (!current) return null;
	if (signature) await auditLinkConsentView(db, appointment, signature.id, now, request);
	return {
		document: {
			id: current.id,
			version: current.version,
			title: current.title,
			html: renderMarkdown(current.bodyMarkdown)
		},
		risks: consentRiskSummary,
		patientName: patient.name,
		state,
		signed,
		cancelled: appointment.status === 'cancelled'
	};
}

export type SignConsentResult =
	| { kind: 'signed'; signatureId: number; version: number }
	/** The current version was signed already (a second click): nothing new was stored. */
	| { kind: 'already_signed' }
	| { kind: 'not_found' }
	| { kind: 'cancelled' }
	/** The owner published another version since the page was opened: read it first. */
	| { kind: 'changed' }
	| { kind: 'invalid'; errors: Record<string, string>; values: Record<string, string> };

/**
 * Signs the current consent from a manage link: the typed name must match the patient's name
 * on record and the box must be ticked. The signature keeps the version, the exact text hash,
 * the name as typed, the time and the address, in one transaction with the audit entry.
 */
export async function signConsentByToken(
	db: Kysely<Database>,
	token: string,
	fields: FormValues,
	context: Context
): Promise<SignConsentResult> {
	return transactionWithRetry(db, async (trx) => {
		const appointment = await findByToken(trx, token);
		if (!appointment) return { kind: 'not_found' as const };
		if (appointment.status === 'cancelled') return { kind: 'cancelled' as const };
		const patient = await findPatient(trx, appointment.patientId);
		if (!patient) return { kind: 'not_found' as const };
		const current = await findCurrentConsentVersion(trx);
		if (!current || String(current.id) !== firstValue(fields.document)) {
			return { kind: 'changed' as const };
		}
		const parsed = parseForm(consentSignatureSchema(patient.name), fields);
		if (!parsed.ok) {
			return {
				kind: 'invalid' as const,
				errors: parsed.errors,
				values: {
					'signature-name': (firstValue(fields['signature-name']) ?? '').slice(0, 200),
					agree: firstValue(fields.agree) === 'yes' ? 'yes' : ''
				}
			};
		}
		const latest = await findLatestConsentSignatureOfAppointment(trx, appointment.id);
		if (latest && latest.version >= current.version) return { kind: 'already_signed' as const };
		// The text must still be the one its hash was published with, or the signature would
		// vouch for something nobody published.
		if (!textIntact(current)) {
			throw new Error(`consent version ${current.version} no longer matches its hash`);
		}
		const signatureId = await insertConsentSignature(trx, {
			patientId: appointment.patientId,
			appointmentId: appointment.id,
			documentId: current.id,
			textHash: current.textHash,
			typedName: parsed.data.typedName,
			at: context.now,
			ip: context.request?.ip ?? null
		});
		await appendAuditEvent(trx, {
			at: context.now,
			actor: auditActorFor('manage_link'),
			action: 'consent.signed',
			patientId: appointment.patientId,
			subject: { type: 'consent_signature', id: signatureId },
			after: {
				appointmentId: appointment.id,
				documentId: current.id,
				version: current.version,
				textHash: current.textHash
			},
			ip: context.request?.ip,
			requestId: context.request?.requestId
		});
		return { kind: 'signed' as const, signatureId, version: current.version };
	});
}

/** A signed consent shown through a manage link: recorded with the address (ADR 0029). */
async function auditLinkConsentView(
	db: Kysely<Database>,
	appointment: { id: number; patientId: number },
	signatureId: number,
	now: Temporal.Instant,
	request?: RequestMeta
) {
	await appendAuditEvent(db, {
		at: now,
		actor: auditActorFor('manage_link'),
		action: 'consent.view',
		patientId: appointment.patientId,
		subject: { type: 'consent_signature', id: signatureId },
		after: { appointmentId: appointment.id },
		ip: request?.ip,
		requestId: request?.requestId
	});
}

// ---------------------------------------------------------------------------------------------
// The printable form

/** A signed form as printed: the exact version signed, the name typed, when, and the hash. */
async function printable(db: Kysely<Database>, signature: ConsentSignatureRecord, zone: Zone) {
	const version = await findConsentVersion(db, signature.documentId);
	if (!version) return null;
	return {
		id: signature.id,
		title: version.title,
		version: version.version,
		html: renderMarkdown(version.bodyMarkdown),
		typedName: signature.typedName,
		signedAt: momentOf(signature.signedAt, zone),
		signedAtIso: signature.signedAt.toString(),
		zoneLabel: `${zone.city} time`,
		textHash: signature.textHash,
		// The stored text still hashes to what the signature recorded.
		verified: signature.textHash === version.textHash && textIntact(version)
	};
}

/**
 * The patient's latest signed form, from their manage link. `unsigned` when they have not
 * signed anything yet; null for an unknown token.
 */
export async function loadSignedConsentByToken(
	db: Kysely<Database>,
	token: string,
	context: Context
) {
	const appointment = await findByToken(db, token);
	if (!appointment) return null;
	const signature = await findLatestConsentSignatureOfAppointment(db, appointment.id);
	if (!signature) return { kind: 'unsigned' as const };
	await auditLinkConsentView(db, appointment, signature.id, context.now, context.request);
	const form = await printable(db, signature, await loadClinicZone(db));
	return form ? { kind: 'ok' as const, form } : null;
}

/**
 * One signed form as printed, with the patient it belongs to, for the patient's own page
 * (which checks the patient and records the view); null when there is none.
 */
export async function loadPrintableConsentSignature(db: Kysely<Database>, signatureId: number) {
	const signature = await findConsentSignature(db, signatureId);
	if (!signature) return null;
	const form = await printable(db, signature, await loadClinicZone(db));
	return form ? { patientId: signature.patientId, form } : null;
}

/**
 * One signed form for staff (anyone who sees form status: consent is not clinical content);
 * opening it is recorded in the audit log.
 */
export async function loadSignedConsentForStaff(
	db: Kysely<Database>,
	patientId: number,
	signatureId: number,
	staff: StaffActor,
	context: Context
) {
	if (!can(staff, 'forms.status')) return { kind: 'forbidden' as const };
	const signature = await findConsentSignature(db, signatureId);
	// A signature of a record merged into this one is part of it (ADR 0029).
	const ids = await patientRecordIds(db, patientId);
	if (!signature || !ids.includes(signature.patientId)) return { kind: 'not_found' as const };
	const [patient, zone] = await Promise.all([findPatient(db, patientId), loadClinicZone(db)]);
	const form = patient && (await printable(db, signature, zone));
	if (!form) return { kind: 'not_found' as const };
	await appendAuditEvent(db, {
		at: context.now,
		actor: staffAuditActor(staff),
		action: 'consent.view',
		patientId,
		subject: { type: 'consent_signature', id: signatureId },
		ip: context.request?.ip,
		requestId: context.request?.requestId
	});
	return {
		kind: 'ok' as const,
		patient: { id: patientId, name: patient.name },
		form,
		ip: signature.ip
	};
}
