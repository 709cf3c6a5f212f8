import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import {
	authorizationTextToHash,
	defaultAuthorizationDocument,
	type AuthorizationDocument
} from '$lib/domain/testimonials/authorization-document';
import { appendAuditEvent } from '../db/repositories/audit-repository';
import { findClinic } from '../db/repositories/clinic-repository';
import {
	findCurrentAuthorizationDocument,
	insertAuthorizationDocument,
	type AuthorizationDocumentRecord
} from '../db/repositories/testimonial-publication-repository';
import type { Database } from '../db/schema';

/*
 * The text patients sign to let the clinic publish their feedback (ADR 0024): versioned like
 * the consent, with the SHA-256 of its canonical form stored with the version and with every
 * signature. Version 1 is the default text, written the first time a patient needs it.
 */

/** Who the default version 1 is recorded as created by. */
export const defaultAuthorizationAuthor = 'Default text (created automatically)';

/** SHA-256, in hex, of the version's canonical text. */
export function hashAuthorizationText(document: AuthorizationDocument): string {
	return createHash('sha256').update(authorizationTextToHash(document), 'utf8').digest('hex');
}

/** Whether a stored version still hashes to what was stored with it. */
export function authorizationTextIntact(document: AuthorizationDocumentRecord): boolean {
	return hashAuthorizationText(document) === document.textHash;
}

/**
 * The version patients sign now, writing version 1 from the default text (with the clinic's
 * name) when there is none yet. Two first requests at once write one version.
 */
export async function ensureAuthorizationDocument(
	db: Kysely<Database>,
	now: Temporal.Instant
): Promise<AuthorizationDocumentRecord> {
	const current = await findCurrentAuthorizationDocument(db);
	if (current) return current;
	const clinic = await findClinic(db);
	const text = defaultAuthorizationDocument(clinic?.name ?? 'our clinic');
	const textHash = hashAuthorizationText(text);
	await db.transaction().execute(async (trx) => {
		const id = await insertAuthorizationDocument(
			trx,
			{ ...text, textHash, createdAt: now, createdByName: defaultAuthorizationAuthor },
			{ ifAbsent: true }
		);
		if (id === null) return;
		await appendAuditEvent(trx, {
			at: now,
			actor: { type: 'system', label: 'default authorization text' },
			action: 'testimonial.authorization_text_published',
			subject: { type: 'testimonial_authorization_document', id },
			after: { version: text.version, title: text.title, textHash, source: 'default' }
		});
	});
	const created = await findCurrentAuthorizationDocument(db);
	if (!created) throw new Error('the default authorization text could not be created');
	return created;
}
