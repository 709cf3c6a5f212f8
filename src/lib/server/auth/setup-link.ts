import { createHash } from 'node:crypto';

/**
 * Setup links (`/admin/setup/<token>`) and the owner's first-setup link are better-auth
 * verifications (`reset-password:<token>`, `owner-setup:<token>`). With
 * `verification.storeIdentifier` set to `hashed` for these prefixes (auth/config.ts),
 * better-auth stores and looks them up by SHA-256 of the whole identifier, base64url without
 * padding, so the table holds no usable link (ADR 0031). It still finds a row stored in
 * clear, which migration 0016 rewrites.
 */
export const hashedVerificationPrefixes = ['reset-password:', 'owner-setup:'] as const;

/** The identifier as better-auth stores it for a hashed prefix. */
export function storedVerificationIdentifier(identifier: string): string {
	return createHash('sha256').update(identifier).digest('base64url');
}
