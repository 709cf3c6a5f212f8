import { createHash, randomBytes } from 'node:crypto';

/** A new unguessable token (256 bits, URL-safe) and the hash that is stored instead of it. */
export function newSecretToken(): { token: string; hash: string } {
	const token = randomBytes(32).toString('base64url');
	return { token, hash: hashToken(token) };
}

/** SHA-256 of a token; only this is stored, so a database leak does not leak the links. */
export function hashToken(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

/** Whether a string could be a token we issued (cheap check before touching the database). */
export function looksLikeToken(value: string): boolean {
	return /^[A-Za-z0-9_-]{43}$/.test(value);
}
