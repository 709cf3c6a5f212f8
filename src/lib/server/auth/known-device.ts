import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readCookie, type CookieToSet } from './cookies';

/*
 * "Known device" cookies (ADR 0032, after OWASP's device-cookie defence against lock-out): after
 * a sign-in that passed the second factor, the browser keeps a signed token naming the account.
 * A later sign-in to that account from that browser is throttled on the token's own count of
 * failures, not on the address's or on the account's, so nobody else's wrong passwords can lock
 * it out. The token proves only that this browser once signed in to the account: the password
 * and the second factor are still asked for.
 *
 * One cookie holds the tokens of up to five accounts (a shared front-desk computer), newest
 * first; each is `account.issued.nonce.mac`, the MAC an HMAC-SHA256 under the auth secret.
 */

export const knownDeviceMaxAgeSeconds = 180 * 24 * 3600;
const maxAccounts = 5;

export function knownDeviceCookieName(https: boolean): string {
	return https ? '__Host-clinic.known_device' : 'clinic.known_device';
}

function accountDigest(email: string): string {
	return createHash('sha256').update(email.trim().toLowerCase()).digest('base64url').slice(0, 22);
}

function mac(secret: string, body: string): string {
	return createHmac('sha256', secret).update(`known-device:${body}`).digest('base64url');
}

interface Token {
	account: string;
	issued: number;
	nonce: string;
	raw: string;
}

/** The cookie's tokens whose MAC is right and which have not expired. */
function validTokens(value: string | null, secret: string, nowSeconds: number): Token[] {
	if (!value || value.length > 2000) return [];
	const tokens: Token[] = [];
	for (const raw of value.split('~').slice(0, maxAccounts)) {
		const [account, issuedText, nonce, signature, ...rest] = raw.split('.');
		if (!account || !issuedText || !nonce || !signature || rest.length > 0) continue;
		const issued = Number(issuedText);
		if (!Number.isInteger(issued) || issued + knownDeviceMaxAgeSeconds <= nowSeconds) continue;
		const expected = Buffer.from(mac(secret, `${account}.${issuedText}.${nonce}`));
		const given = Buffer.from(signature);
		if (expected.length !== given.length || !timingSafeEqual(expected, given)) continue;
		tokens.push({ account, issued, nonce, raw });
	}
	return tokens;
}

export interface KnownDevices {
	cookieName: string;
	secret: string;
}

/**
 * The nonce of this browser's valid token for `email` (its throttle key), or null when the
 * browser has not signed in to that account (or its token expired or was tampered with).
 */
export function knownDeviceFor(
	devices: KnownDevices,
	headers: Headers,
	email: string,
	nowSeconds: number
): string | null {
	const account = accountDigest(email);
	const tokens = validTokens(readCookie(headers, devices.cookieName), devices.secret, nowSeconds);
	return tokens.find((token) => token.account === account)?.nonce ?? null;
}

/**
 * The cookie to set after a sign-in to `email` passed the second factor: a fresh token for
 * that account first, then the browser's other valid tokens (at most five in all).
 */
export function rememberDevice(
	devices: KnownDevices,
	headers: Headers,
	email: string,
	nowSeconds: number,
	secure: boolean
): CookieToSet {
	const account = accountDigest(email);
	const body = `${account}.${nowSeconds}.${randomBytes(16).toString('base64url')}`;
	const others = validTokens(readCookie(headers, devices.cookieName), devices.secret, nowSeconds)
		.filter((token) => token.account !== account)
		.map((token) => token.raw);
	const value = [`${body}.${mac(devices.secret, body)}`, ...others].slice(0, maxAccounts).join('~');
	return {
		name: devices.cookieName,
		value,
		options: {
			path: '/',
			httpOnly: true,
			secure,
			// Sent only to our own pages: the sign-in form posts from the same site.
			sameSite: 'strict',
			maxAge: knownDeviceMaxAgeSeconds
		}
	};
}
