import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import {
	authorizationTextProblems,
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
 * signature. Version 1 is the default text, written the first time a patient needs it. A
 * version missing an element of 45 CFR 164.508(c) is never written, and a stored one (written
 * before an element was required) is never offered for signing: the default text is written
 * as the next version in its place (ADR 0042).
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

/** Whether a version has every element, saying what it must: only such a version is signed. */
export function authorizationTextComplete(document: AuthorizationDocument): boolean {
	return authorizationTextProblems(document).length === 0;
}

export type PublishAuthorizationTextResult =
	| { kind: 'published'; id: number }
	/** The version number exists already (two first requests at once): nothing written. */
	| { kind: 'exists' }
	/** An element is missing or does not say what it must: nothing written. */
	| { kind: 'incomplete'; problems: { element: string; message: string }[] };

/**
 * Writes a version of the authorization text, with its hash and the audit entry, in one
 * transaction; refuses a text `authorizationTextProblems` finds fault with, naming each problem.
 */
export async function publishAuthorizationText(
	db: Kysely<Database>,
	text: AuthorizationDocument,
	context: {
		now: Temporal.Instant;
		author: string;
		actor: { type: 'system' | 'staff'; label: string; id?: string };
		source: string;
	}
): Promise<PublishAuthorizationTextResult> {
	const problems = authorizationTextProblems(text);
	if (problems.length > 0) return { kind: 'incomplete', problems };
	const textHash = hashAuthorizationText(text);
	return db.transaction().execute(async (trx) => {
		const id = await insertAuthorizationDocument(
			trx,
			{ ...text, textHash, createdAt: context.now, createdByName: context.author },
			{ ifAbsent: true }
		);
		if (id === null) return { kind: 'exists' as const };
		await appendAuditEvent(trx, {
			at: context.now,
			actor: context.actor,
			action: 'testimonial.authorization_text_published',
			subject: { type: 'testimonial_authorization_document', id },
			after: { version: text.version, title: text.title, textHash, source: context.source }
		});
		return { kind: 'published' as const, id };
	});
}

/**
 * The version patients sign now. Writes version 1 from the default text (with the clinic's
 * name) when there is none yet, and the default as the next version when the current one lacks
 * an element. Two first requests at once write one version.
 */
export async function ensureAuthorizationDocument(
	db: Kysely<Database>,
	now: Temporal.Instant
): Promise<AuthorizationDocumentRecord> {
	const current = await findCurrentAuthorizationDocument(db);
	if (current && authorizationTextComplete(current)) return current;
	const clinic = await findClinic(db);
	const text = defaultAuthorizationDocument(
		clinic?.name ?? 'our clinic',
		current ? current.version + 1 : 1
	);
	const result = await publishAuthorizationText(db, text, {
		now,
		author: defaultAuthorizationAuthor,
		actor: { type: 'system', label: 'default authorization text' },
		source: current ? `default, replacing incomplete version ${current.version}` : 'default'
	});
	if (result.kind === 'incomplete') {
		// The default text is checked by its unit test; this would be a bug, not a patient error.
		throw new Error(
			`the default authorization text is incomplete: ${result.problems.map((p) => p.message).join(' ')}`
		);
	}
	const created = await findCurrentAuthorizationDocument(db);
	if (!created || !authorizationTextComplete(created)) {
		throw new Error('the default authorization text could not be created');
	}
	return created;
}
