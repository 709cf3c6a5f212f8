import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import type { AuthorizationDocument } from '$lib/domain/testimonials/authorization-document';
import { authorizationElements } from '$lib/domain/testimonials/authorization-document';
import type { DeclineReason } from '$lib/domain/testimonials/moderation';
import type { ConnectionKind, NamingChoice } from '$lib/domain/testimonials/publication-choice';
import { fromDbInstant, fromDbInstantOrNull, toDbInstant } from '../instant';
import type { Database } from '../schema';

/*
 * Feedback, the authorizations that allow publishing it, staff decisions and revocations
 * (issue 6, migrations 0012 and 0013). SQL only. Every table here but the invitation is
 * append-only: a later decision is a new row and the latest counts.
 */

// ---------------------------------------------------------------------------------------------
// Invitations and feedback

/** An invitation found by its link, with the patient's name and any feedback already given. */
export interface InvitationByLink {
	id: number;
	patientId: number;
	patientName: string;
	usedAt: Temporal.Instant | null;
	expiresAt: Temporal.Instant;
	feedbackId: number | null;
}

/** The invitation whose token hashes to `tokenHash`, or undefined. */
export async function findInvitationByTokenHash(
	db: Kysely<Database>,
	tokenHash: string
): Promise<InvitationByLink | undefined> {
	const row = await db
		.selectFrom('feedback_invitation as i')
		.innerJoin('patient as p', 'p.id', 'i.patient_id')
		.leftJoin('feedback as f', 'f.invitation_id', 'i.id')
		.select(['i.id', 'i.patient_id', 'p.name', 'i.used_at', 'i.expires_at', 'f.id as feedback_id'])
		.where('i.token_hash', '=', tokenHash)
		.executeTakeFirst();
	return (
		row && {
			id: row.id,
			patientId: row.patient_id,
			patientName: row.name,
			usedAt: fromDbInstantOrNull(row.used_at),
			expiresAt: fromDbInstant(row.expires_at),
			feedbackId: row.feedback_id
		}
	);
}

/** Marks an invitation used, unless it already was: false when another request got there first. */
export async function markInvitationUsed(
	db: Kysely<Database>,
	invitationId: number,
	now: Temporal.Instant
): Promise<boolean> {
	const result = await db
		.updateTable('feedback_invitation')
		.set({ used_at: toDbInstant(now) })
		.where('id', '=', invitationId)
		.where('used_at', 'is', null)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

/** Records when the invitation email for an appointment was handed to the mail server. */
export async function markInvitationSent(
	db: Kysely<Database>,
	appointmentId: number,
	now: Temporal.Instant
): Promise<void> {
	await db
		.updateTable('feedback_invitation')
		.set({ sent_at: toDbInstant(now) })
		.where('appointment_id', '=', appointmentId)
		.where('sent_at', 'is', null)
		.execute();
}

/** Records feedback (append-only), in the caller's transaction. */
export async function insertFeedback(
	db: Kysely<Database>,
	feedback: {
		invitationId: number;
		patientId: number;
		rating: number;
		words: string;
		conditionId: number | null;
		createdAt: Temporal.Instant;
	}
): Promise<number> {
	const row = await db
		.insertInto('feedback')
		.values({
			invitation_id: feedback.invitationId,
			patient_id: feedback.patientId,
			rating: feedback.rating,
			words: feedback.words,
			condition_id: feedback.conditionId,
			created_at: toDbInstant(feedback.createdAt)
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

/** Feedback with what staff and the patient see about it. */
export interface FeedbackRecord {
	id: number;
	invitationId: number;
	patientId: number;
	patientName: string;
	patientEmail: string;
	rating: number;
	words: string;
	conditionName: string | null;
	conditionSlug: string | null;
	createdAt: Temporal.Instant;
}

function feedbackQuery(db: Kysely<Database>) {
	return db
		.selectFrom('feedback as f')
		.innerJoin('patient as p', 'p.id', 'f.patient_id')
		.leftJoin('condition as c', 'c.id', 'f.condition_id')
		.select([
			'f.id',
			'f.invitation_id',
			'f.patient_id',
			'p.name',
			'p.email',
			'f.rating',
			'f.words',
			'c.name as condition_name',
			'c.slug as condition_slug',
			'f.created_at'
		]);
}

function toFeedbackRecord(row: {
	id: number;
	invitation_id: number;
	patient_id: number;
	name: string;
	email: string;
	rating: number;
	words: string;
	condition_name: string | null;
	condition_slug: string | null;
	created_at: string | Date;
}): FeedbackRecord {
	return {
		id: row.id,
		invitationId: row.invitation_id,
		patientId: row.patient_id,
		patientName: row.name,
		patientEmail: row.email,
		rating: row.rating,
		words: row.words,
		conditionName: row.condition_name,
		conditionSlug: row.condition_slug,
		createdAt: fromDbInstant(row.created_at)
	};
}

/** One feedback, or undefined. */
export async function findFeedback(
	db: Kysely<Database>,
	feedbackId: number
): Promise<FeedbackRecord | undefined> {
	const row = await feedbackQuery(db).where('f.id', '=', feedbackId).executeTakeFirst();
	return row && toFeedbackRecord(row);
}

/** Every feedback, newest first. */
export async function listFeedback(db: Kysely<Database>): Promise<FeedbackRecord[]> {
	const rows = await feedbackQuery(db)
		.orderBy('f.created_at', 'desc')
		.orderBy('f.id', 'desc')
		.execute();
	return rows.map(toFeedbackRecord);
}

// ---------------------------------------------------------------------------------------------
// Authorization texts

/** A stored authorization text with its id and hash. */
export interface AuthorizationDocumentRecord extends AuthorizationDocument {
	id: number;
	textHash: string;
	createdAt: Temporal.Instant;
	createdByName: string;
}

function toDocument(row: {
	id: number;
	version: number;
	title: string;
	elements_json: string;
	valid_for_years: number;
	text_hash: string;
	created_at: string | Date;
	created_by_name: string;
}): AuthorizationDocumentRecord {
	const elements = JSON.parse(row.elements_json) as Record<string, string>;
	return {
		id: row.id,
		version: row.version,
		title: row.title,
		validForYears: row.valid_for_years,
		...(Object.fromEntries(
			authorizationElements.map((element) => [element, elements[element] ?? ''])
		) as Pick<AuthorizationDocument, (typeof authorizationElements)[number]>),
		textHash: row.text_hash,
		createdAt: fromDbInstant(row.created_at),
		createdByName: row.created_by_name
	};
}

/** The highest version, the one patients sign, or undefined before the first is written. */
export async function findCurrentAuthorizationDocument(
	db: Kysely<Database>
): Promise<AuthorizationDocumentRecord | undefined> {
	const row = await db
		.selectFrom('testimonial_authorization_document')
		.selectAll()
		.orderBy('version', 'desc')
		.limit(1)
		.executeTakeFirst();
	return row && toDocument(row);
}

/** One version by id, or undefined. */
export async function findAuthorizationDocument(
	db: Kysely<Database>,
	documentId: number
): Promise<AuthorizationDocumentRecord | undefined> {
	const row = await db
		.selectFrom('testimonial_authorization_document')
		.selectAll()
		.where('id', '=', documentId)
		.executeTakeFirst();
	return row && toDocument(row);
}

/**
 * Writes a version (append-only). With `ifAbsent`, a version number that exists already is left
 * alone (two requests creating the default version 1 at once) and null is returned.
 */
export async function insertAuthorizationDocument(
	db: Kysely<Database>,
	document: AuthorizationDocument & {
		textHash: string;
		createdAt: Temporal.Instant;
		createdByName: string;
	},
	options: { ifAbsent?: boolean } = {}
): Promise<number | null> {
	const insert = db.insertInto('testimonial_authorization_document').values({
		version: document.version,
		title: document.title,
		elements_json: JSON.stringify(
			Object.fromEntries(authorizationElements.map((element) => [element, document[element]]))
		),
		valid_for_years: document.validForYears,
		text_hash: document.textHash,
		created_at: toDbInstant(document.createdAt),
		created_by_name: document.createdByName
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

// ---------------------------------------------------------------------------------------------
// Authorizations and revocations

/** A signed authorization, and its revocation if any. */
export interface AuthorizationRecord {
	id: number;
	feedbackId: number;
	patientId: number;
	documentId: number;
	documentVersion: number;
	textHash: string;
	naming: NamingChoice;
	displayName: string;
	connectionKind: ConnectionKind;
	connectionText: string | null;
	typedName: string;
	/** Set when a personal representative signed: their stated authority to act. */
	representativeAuthority: string | null;
	signedAt: Temporal.Instant;
	/** The clinic-local last day in effect, "2030-03-14". */
	expiresOn: string;
	revokedAt: Temporal.Instant | null;
	revocationSource: 'link' | 'staff' | null;
}

function authorizationQuery(db: Kysely<Database>) {
	return db
		.selectFrom('testimonial_authorization as a')
		.innerJoin('testimonial_authorization_document as d', 'd.id', 'a.document_id')
		.leftJoin('testimonial_revocation as r', 'r.authorization_id', 'a.id')
		.select([
			'a.id',
			'a.feedback_id',
			'a.patient_id',
			'a.document_id',
			'd.version',
			'a.text_hash',
			'a.naming',
			'a.display_name',
			'a.connection_kind',
			'a.connection_text',
			'a.typed_name',
			'a.representative_authority',
			'a.signed_at',
			'a.expires_on',
			'r.revoked_at',
			'r.source'
		]);
}

function toAuthorization(row: {
	id: number;
	feedback_id: number;
	patient_id: number;
	document_id: number;
	version: number;
	text_hash: string;
	naming: NamingChoice;
	display_name: string;
	connection_kind: ConnectionKind;
	connection_text: string | null;
	typed_name: string;
	representative_authority: string | null;
	signed_at: string | Date;
	expires_on: string;
	revoked_at: string | Date | null;
	source: 'link' | 'staff' | null;
}): AuthorizationRecord {
	return {
		id: row.id,
		feedbackId: row.feedback_id,
		patientId: row.patient_id,
		documentId: row.document_id,
		documentVersion: row.version,
		textHash: row.text_hash,
		naming: row.naming,
		displayName: row.display_name,
		connectionKind: row.connection_kind,
		connectionText: row.connection_text,
		typedName: row.typed_name,
		representativeAuthority: row.representative_authority,
		signedAt: fromDbInstant(row.signed_at),
		expiresOn: row.expires_on,
		revokedAt: fromDbInstantOrNull(row.revoked_at),
		revocationSource: row.source
	};
}

/** The authorization for a feedback (there is at most one), or undefined. */
export async function findAuthorizationForFeedback(
	db: Kysely<Database>,
	feedbackId: number
): Promise<AuthorizationRecord | undefined> {
	const row = await authorizationQuery(db)
		.where('a.feedback_id', '=', feedbackId)
		.executeTakeFirst();
	return row && toAuthorization(row);
}

/** The authorizations of several feedbacks, by feedback id. */
export async function authorizationsForFeedback(
	db: Kysely<Database>,
	feedbackIds: readonly number[]
): Promise<Map<number, AuthorizationRecord>> {
	if (feedbackIds.length === 0) return new Map();
	const rows = await authorizationQuery(db)
		.where('a.feedback_id', 'in', [...new Set(feedbackIds)])
		.execute();
	return new Map(rows.map((row) => [row.feedback_id, toAuthorization(row)]));
}

/** The authorization whose revoke link hashes to `tokenHash`, or undefined. */
export async function findAuthorizationByRevokeTokenHash(
	db: Kysely<Database>,
	tokenHash: string
): Promise<AuthorizationRecord | undefined> {
	const row = await authorizationQuery(db)
		.where((eb) =>
			eb.or([
				eb('a.revoke_token_hash', '=', tokenHash),
				// A revoke link minted when its email was sent (ADR 0031).
				eb(
					'a.id',
					'in',
					eb
						.selectFrom('emailed_link')
						.select('subject_id')
						.where('token_hash', '=', tokenHash)
						.where('purpose', '=', 'testimonial_revoke')
				)
			])
		)
		.executeTakeFirst();
	return row && toAuthorization(row);
}

/** A permission's id and patient, or null (for minting its revoke link). */
export async function findAuthorizationPatient(
	db: Kysely<Database>,
	id: number
): Promise<{ id: number; patientId: number } | null> {
	const row = await db
		.selectFrom('testimonial_authorization')
		.select(['id', 'patient_id'])
		.where('id', '=', id)
		.executeTakeFirst();
	return row ? { id: row.id, patientId: row.patient_id } : null;
}

/** Records a signed authorization (append-only; one per feedback, unique in the table). */
export async function insertAuthorization(
	db: Kysely<Database>,
	authorization: {
		feedbackId: number;
		patientId: number;
		documentId: number;
		textHash: string;
		naming: NamingChoice;
		displayName: string;
		connectionKind: ConnectionKind;
		connectionText: string | null;
		typedName: string;
		/** A personal representative's stated authority; null or absent when the patient signed. */
		representativeAuthority?: string | null;
		signedAt: Temporal.Instant;
		expiresOn: string;
		revokeTokenHash: string;
		ip: string | null;
	}
): Promise<number> {
	const row = await db
		.insertInto('testimonial_authorization')
		.values({
			feedback_id: authorization.feedbackId,
			patient_id: authorization.patientId,
			document_id: authorization.documentId,
			text_hash: authorization.textHash,
			naming: authorization.naming,
			display_name: authorization.displayName,
			connection_kind: authorization.connectionKind,
			connection_text: authorization.connectionText,
			typed_name: authorization.typedName,
			representative_authority: authorization.representativeAuthority ?? null,
			signed_at: toDbInstant(authorization.signedAt),
			expires_on: authorization.expiresOn,
			revoke_token_hash: authorization.revokeTokenHash,
			ip: authorization.ip
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

/** Records a revocation (append-only; one per authorization, unique in the table). */
export async function insertRevocation(
	db: Kysely<Database>,
	revocation: {
		authorizationId: number;
		source: 'link' | 'staff';
		revokedAt: Temporal.Instant;
		ip: string | null;
	}
): Promise<void> {
	await db
		.insertInto('testimonial_revocation')
		.values({
			authorization_id: revocation.authorizationId,
			source: revocation.source,
			revoked_at: toDbInstant(revocation.revokedAt),
			ip: revocation.ip
		})
		.execute();
}

// ---------------------------------------------------------------------------------------------
// Moderation

/** A staff decision about a feedback, as recorded. */
export interface ModerationRecord {
	id: number;
	feedbackId: number;
	decision: 'publish' | 'decline';
	reason: DeclineReason | null;
	note: string | null;
	connectionKind: ConnectionKind | null;
	connectionText: string | null;
	decidedByName: string;
	decidedAt: Temporal.Instant;
}

/** Records a decision (append-only), in the caller's transaction. */
export async function insertModeration(
	db: Kysely<Database>,
	decision: Omit<ModerationRecord, 'id'> & { decidedById: string }
): Promise<number> {
	const row = await db
		.insertInto('testimonial_moderation')
		.values({
			feedback_id: decision.feedbackId,
			decision: decision.decision,
			reason: decision.reason,
			note: decision.note,
			connection_kind: decision.connectionKind,
			connection_text: decision.connectionText,
			decided_by_id: decision.decidedById,
			decided_by_name: decision.decidedByName,
			decided_at: toDbInstant(decision.decidedAt)
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

/** Every decision, oldest first (for one feedback, or all when `feedbackId` is undefined). */
export async function listModerations(
	db: Kysely<Database>,
	feedbackId?: number
): Promise<ModerationRecord[]> {
	let query = db.selectFrom('testimonial_moderation').selectAll();
	if (feedbackId !== undefined) query = query.where('feedback_id', '=', feedbackId);
	const rows = await query.orderBy('id').execute();
	return rows.map((row) => ({
		id: row.id,
		feedbackId: row.feedback_id,
		decision: row.decision,
		reason: row.reason as DeclineReason | null,
		note: row.note,
		connectionKind: row.connection_kind,
		connectionText: row.connection_text,
		decidedByName: row.decided_by_name,
		decidedAt: fromDbInstant(row.decided_at)
	}));
}

// ---------------------------------------------------------------------------------------------
// What the website shows

/** A testimonial from the invitation system that may be shown today. */
export interface PublishedFeedbackRow {
	feedbackId: number;
	displayName: string;
	rating: number;
	words: string;
	conditionName: string | null;
	conditionSlug: string | null;
	createdAt: Temporal.Instant;
	patientConnection: { kind: ConnectionKind; text: string | null };
	staffConnection: { kind: ConnectionKind; text: string | null } | null;
}

/**
 * Feedback whose latest decision is "publish", whose authorization is not revoked and is in
 * effect on `today` (the clinic-local date, "2027-03-15"). Revoking or a later decline takes it
 * off at the next request: nothing is cached.
 */
export async function listPublishedFeedback(
	db: Kysely<Database>,
	today: string
): Promise<PublishedFeedbackRow[]> {
	const rows = await db
		.selectFrom('feedback as f')
		.innerJoin('testimonial_authorization as a', 'a.feedback_id', 'f.id')
		.leftJoin('testimonial_revocation as r', 'r.authorization_id', 'a.id')
		.innerJoin('testimonial_moderation as m', 'm.feedback_id', 'f.id')
		.leftJoin('condition as c', 'c.id', 'f.condition_id')
		.select([
			'f.id',
			'a.display_name',
			'f.rating',
			'f.words',
			'c.name as condition_name',
			'c.slug as condition_slug',
			'f.created_at',
			'a.connection_kind',
			'a.connection_text',
			'm.connection_kind as staff_connection_kind',
			'm.connection_text as staff_connection_text'
		])
		.where((eb) =>
			eb(
				'm.id',
				'=',
				eb
					.selectFrom('testimonial_moderation as later')
					.select((inner) => inner.fn.max('later.id').as('latest'))
					.whereRef('later.feedback_id', '=', 'f.id')
			)
		)
		.where('m.decision', '=', 'publish')
		.where('r.id', 'is', null)
		.where('a.expires_on', '>=', today)
		.orderBy('f.created_at', 'desc')
		.orderBy('f.id', 'desc')
		.execute();
	return rows.map((row) => ({
		feedbackId: row.id,
		displayName: row.display_name,
		rating: row.rating,
		words: row.words,
		conditionName: row.condition_name,
		conditionSlug: row.condition_slug,
		createdAt: fromDbInstant(row.created_at),
		patientConnection: { kind: row.connection_kind, text: row.connection_text },
		staffConnection: row.staff_connection_kind
			? { kind: row.staff_connection_kind, text: row.staff_connection_text }
			: null
	}));
}

// ---------------------------------------------------------------------------------------------
// Staff connections

/**
 * The active (not deactivated) staff account whose email is `email`, compared without case,
 * or undefined: a patient writing from a staff member's address has a connection to disclose.
 */
export async function findActiveStaffByEmail(
	db: Kysely<Database>,
	email: string
): Promise<{ id: string; name: string } | undefined> {
	const address = email.trim().toLowerCase();
	if (address === '') return undefined;
	return db
		.selectFrom('staff_user as s')
		.leftJoin('staff_deactivation as d', 'd.user_id', 's.id')
		.select(['s.id', 's.name'])
		.where((eb) => eb(eb.fn('lower', ['s.email']), '=', address))
		.where('d.user_id', 'is', null)
		.executeTakeFirst();
}
