import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/*
 * An uploaded file's rows between preview and import (ADR 0035): sealed with AES-256-GCM under
 * a fresh key for each upload. The database keeps the sealed text and the draft's id; the key
 * travels only in the owner's form (`draft` = id.key), so neither the database nor the form
 * alone holds the patients' details, and a draft whose form is gone cannot be read at all.
 */

/** A sealed payload, its id, and the token the owner's form carries. */
export interface SealedDraft {
	id: string;
	sealed: string;
	token: string;
}

/** Seals a JSON-able value under a new key. */
export function sealDraft(value: unknown): SealedDraft {
	const id = randomBytes(16).toString('base64url');
	const key = randomBytes(32);
	const iv = randomBytes(12);
	const cipher = createCipheriv('aes-256-gcm', key, iv);
	cipher.setAAD(Buffer.from(id));
	const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
	const sealed = [iv, body, cipher.getAuthTag()].map((part) => part.toString('base64')).join('.');
	return { id, sealed, token: `${id}.${key.toString('base64url')}` };
}

/** The id and key of a draft token, or null when it cannot be one. */
export function readDraftToken(token: string): { id: string; key: Buffer } | null {
	const match = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/.exec(token);
	if (!match) return null;
	return { id: match[1] as string, key: Buffer.from(match[2] as string, 'base64url') };
}

/** The sealed value, or null when the key does not open it (wrong key, altered text). */
export function openDraft(sealed: string, id: string, key: Buffer): unknown {
	const [iv, body, tag] = sealed.split('.').map((part) => Buffer.from(part, 'base64'));
	if (!iv || !body || !tag) return null;
	try {
		const decipher = createDecipheriv('aes-256-gcm', key, iv);
		decipher.setAAD(Buffer.from(id));
		decipher.setAuthTag(tag);
		const text = Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
		return JSON.parse(text) as unknown;
	} catch {
		return null;
	}
}
