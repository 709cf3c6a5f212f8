import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { fromDbInstant, toDbInstant } from '../instant';
import type { Database } from '../schema';

/*
 * The consent texts and the signatures on them (migration 0009). Both tables are append-only in
 * the database: a new text is a new version row, a new signature a new signature row, and
 * nothing here updates or deletes either.
 */

/** One published version of the consent text. */
export interface ConsentVersionRecord {
	id: number;
	version: number;
	title: string;
	bodyMarkdown: string;
	/** SHA-256 (hex) of consentTextToHash(version, title, body). */
	textHash: string;
	createdAt: Temporal.Instant;
	createdByName: string;
}

/** A version as the list of versions shows it (without its text). */
export type ConsentVersionSummary = Omit<ConsentVersionRecord, 'bodyMarkdown'>;

/** One signature, with the version it was given on. */
export interface ConsentSignatureRecord {
	id: number;
	patientId: number;
	appointmentId: number | null;
	documentId: number;
	version: number;
	/** The hash stored with the signature: what the patient agreed to. */
	textHash: string;
	typedName: string;
	signedAt: Temporal.Instant;
	ip: string | null;
}

const versionColumns = [
	'id',
	'version',
	'title',
	'body_markdown',
	'text_hash',
	'created_at',
	'created_by_name'
] as const;

function toVersion(row: {
	id: number;
	version: number;
	title: string;
	body_markdown: string;
	text_hash: string;
	created_at: string | Date;
	created_by_name: string;
}): ConsentVersionRecord {
	return {
		id: row.id,
		version: row.version,
		title: row.title,
		bodyMarkdown: row.body_markdown,
		textHash: row.text_hash,
		createdAt: fromDbInstant(row.created_at),
		createdByName: row.created_by_name
	};
}

/** The current consent text: the highest version, or null before any is published. */
export async function findCurrentConsentVersion(
	db: Kysely<Database>
): Promise<ConsentVersionRecord | null> {
	const row = await db
		.selectFrom('consent_document')
		.select(versionColumns)
		.orderBy('version', 'desc')
		.limit(1)
		.executeTakeFirst();
	return row ? toVersion(row) : null;
}

/** Every version, newest first, without their texts. */
export async function listConsentVersions(db: Kysely<Database>): Promise<ConsentVersionSummary[]> {
	const rows = await db
		.selectFrom('consent_document')
		.select(['id', 'version', 'title', 'text_hash', 'created_at', 'created_by_name'])
		.orderBy('version', 'desc')
		.execute();
	return rows.map((row) => ({
		id: row.id,
		version: row.version,
		title: row.title,
		textHash: row.text_hash,
		createdAt: fromDbInstant(row.created_at),
		createdByName: row.created_by_name
	}));
}

/** The highest version number so far, or 0 before any. */
export async function highestConsentVersion(db: Kysely<Database>): Promise<number> {
	const row = await db
		.selectFrom('consent_document')
		.select((eb) => eb.fn.max('version').as('highest'))
		.executeTakeFirst();
	return Number(row?.highest ?? 0);
}

/**
 * Adds a version. With `ifAbsent`, a version number that exists already is left alone (two
 * requests creating the default version 1 at once) and null is returned; without it, the
 * unique version number makes the database refuse a duplicate.
 */
export async function insertConsentVersion(
	db: Kysely<Database>,
	version: {
		version: number;
		title: string;
		bodyMarkdown: string;
		textHash: string;
		at: Temporal.Instant;
		byName: string;
	},
	options: { ifAbsent?: boolean } = {}
): Promise<number | null> {
	const insert = db.insertInto('consent_document').values({
		version: version.version,
		title: version.title,
		body_markdown: version.bodyMarkdown,
		text_hash: version.textHash,
		created_at: toDbInstant(version.at),
		created_by_name: version.byName
	});
	const row = await (
		options.ifAbsent
			? insert.onConflict((conflict) => conflict.column('version').doNothing())
			: insert
	)
		.returning('id')
		.executeTakeFirst();
	return row?.id ?? null;
}

/** Stores one signature as given; returns its id. */
export async function insertConsentSignature(
	db: Kysely<Database>,
	signature: {
		patientId: number;
		appointmentId: number | null;
		documentId: number;
		textHash: string;
		typedName: string;
		at: Temporal.Instant;
		ip: string | null;
	}
): Promise<number> {
	const row = await db
		.insertInto('consent_signature')
		.values({
			patient_id: signature.patientId,
			appointment_id: signature.appointmentId,
			document_id: signature.documentId,
			text_hash: signature.textHash,
			typed_name: signature.typedName,
			signed_at: toDbInstant(signature.at),
			ip: signature.ip
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

function signatures(db: Kysely<Database>) {
	return db
		.selectFrom('consent_signature')
		.innerJoin('consent_document', 'consent_document.id', 'consent_signature.document_id')
		.select([
			'consent_signature.id',
			'consent_signature.patient_id',
			'consent_signature.appointment_id',
			'consent_signature.document_id',
			'consent_document.version',
			'consent_signature.text_hash',
			'consent_signature.typed_name',
			'consent_signature.signed_at',
			'consent_signature.ip'
		]);
}

function toSignature(row: {
	id: number;
	patient_id: number;
	appointment_id: number | null;
	document_id: number;
	version: number;
	text_hash: string;
	typed_name: string;
	signed_at: string | Date;
	ip: string | null;
}): ConsentSignatureRecord {
	return {
		id: row.id,
		patientId: row.patient_id,
		appointmentId: row.appointment_id,
		documentId: row.document_id,
		version: row.version,
		textHash: row.text_hash,
		typedName: row.typed_name,
		signedAt: fromDbInstant(row.signed_at),
		ip: row.ip
	};
}

/**
 * A patient's signature on the highest version they signed (the latest signature on it), or
 * null when they never signed. Pass `patientRecordIds` to include the records merged into it.
 */
export async function findLatestConsentSignature(
	db: Kysely<Database>,
	patientIds: number | readonly number[]
): Promise<ConsentSignatureRecord | null> {
	const ids = typeof patientIds === 'number' ? [patientIds] : [...patientIds];
	const row = await signatures(db)
		.where('consent_signature.patient_id', 'in', ids)
		.orderBy('consent_document.version', 'desc')
		.orderBy('consent_signature.signed_at', 'desc')
		.orderBy('consent_signature.id', 'desc')
		.limit(1)
		.executeTakeFirst();
	return row ? toSignature(row) : null;
}

/**
 * The signature given through one appointment on the highest version signed there, or null:
 * what a manage link may show (issue 12, ADR 0029).
 */
export async function findLatestConsentSignatureOfAppointment(
	db: Kysely<Database>,
	appointmentId: number
): Promise<ConsentSignatureRecord | null> {
	const row = await signatures(db)
		.where('consent_signature.appointment_id', '=', appointmentId)
		.orderBy('consent_document.version', 'desc')
		.orderBy('consent_signature.signed_at', 'desc')
		.orderBy('consent_signature.id', 'desc')
		.limit(1)
		.executeTakeFirst();
	return row ? toSignature(row) : null;
}

/** One signature by id, or null. */
export async function findConsentSignature(
	db: Kysely<Database>,
	id: number
): Promise<ConsentSignatureRecord | null> {
	const row = await signatures(db).where('consent_signature.id', '=', id).executeTakeFirst();
	return row ? toSignature(row) : null;
}

/** One version with its text, by id, or null. */
export async function findConsentVersion(
	db: Kysely<Database>,
	id: number
): Promise<ConsentVersionRecord | null> {
	const row = await db
		.selectFrom('consent_document')
		.select(versionColumns)
		.where('id', '=', id)
		.executeTakeFirst();
	return row ? toVersion(row) : null;
}

/**
 * The highest version each of these patients signed, in one query (for a day's calendar);
 * patients who never signed are absent from the map.
 */
export async function highestSignedVersions(
	db: Kysely<Database>,
	patientIds: readonly number[]
): Promise<Map<number, number>> {
	if (patientIds.length === 0) return new Map();
	const rows = await db
		.selectFrom('consent_signature')
		.innerJoin('consent_document', 'consent_document.id', 'consent_signature.document_id')
		.select((eb) => [
			'consent_signature.patient_id',
			eb.fn.max('consent_document.version').as('version')
		])
		.where('consent_signature.patient_id', 'in', [...new Set(patientIds)])
		.groupBy('consent_signature.patient_id')
		.execute();
	return new Map(rows.map((row) => [row.patient_id, Number(row.version)]));
}

/** Every signature of these patients, newest first (a patient's own page lists them). */
export async function listConsentSignaturesOfPatients(
	db: Kysely<Database>,
	patientIds: readonly number[]
): Promise<ConsentSignatureRecord[]> {
	if (patientIds.length === 0) return [];
	const rows = await signatures(db)
		.where('consent_signature.patient_id', 'in', [...new Set(patientIds)])
		.orderBy('consent_signature.signed_at', 'desc')
		.orderBy('consent_signature.id', 'desc')
		.execute();
	return rows.map(toSignature);
}
