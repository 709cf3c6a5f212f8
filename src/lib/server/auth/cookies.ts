import { parseSetCookieHeader } from 'better-auth/cookies';

/** One cookie to hand to SvelteKit's `cookies.set(name, value, options)`. */
export interface CookieToSet {
	name: string;
	value: string;
	options: {
		path: string;
		httpOnly: boolean;
		secure: boolean;
		sameSite: 'lax' | 'strict' | 'none';
		maxAge?: number;
		expires?: Date;
	};
}

/**
 * The cookies a better-auth call asked for (`returnHeaders: true`), decoded. SvelteKit encodes
 * values again with encodeURIComponent, so `cookies.set` sends exactly what better-auth wrote.
 */
export function cookiesFrom(headers: HeadersInit | null | undefined): CookieToSet[] {
	if (!headers) return [];
	const result: CookieToSet[] = [];
	for (const line of new Headers(headers).getSetCookie()) {
		for (const [name, attributes] of parseSetCookieHeader(line)) {
			const sameSite = String(attributes.samesite ?? 'lax').toLowerCase();
			result.push({
				name,
				value: attributes.value,
				options: {
					path: attributes.path ?? '/',
					httpOnly: attributes.httponly ?? false,
					secure: attributes.secure ?? false,
					sameSite: sameSite === 'strict' || sameSite === 'none' ? sameSite : 'lax',
					...(attributes['max-age'] !== undefined ? { maxAge: attributes['max-age'] } : {}),
					...(attributes.expires ? { expires: attributes.expires } : {})
				}
			});
		}
	}
	return result;
}

/** Whether `cookie` removes itself (better-auth expires cookies with Max-Age=0). */
export function isRemoval(cookie: CookieToSet): boolean {
	return cookie.options.maxAge === 0 || cookie.value === '';
}

/**
 * The request headers as they would be on the browser's next request: `cookies` applied to
 * the Cookie header. Lets one action chain two better-auth calls (sign in, then enrol).
 */
export function withCookies(headers: Headers, cookies: CookieToSet[]): Headers {
	const next = new Headers(headers);
	const jar = new Map<string, string>();
	for (const part of (headers.get('cookie') ?? '').split(';')) {
		const at = part.indexOf('=');
		if (at > 0) jar.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
	}
	for (const cookie of cookies) {
		if (isRemoval(cookie)) jar.delete(cookie.name);
		else jar.set(cookie.name, encodeURIComponent(cookie.value));
	}
	next.set('cookie', [...jar].map(([name, value]) => `${name}=${value}`).join('; '));
	return next;
}

/** One cookie's value from a request's Cookie header, decoded; null when absent or garbled. */
export function readCookie(headers: Headers, name: string): string | null {
	for (const part of (headers.get('cookie') ?? '').split(';')) {
		const at = part.indexOf('=');
		if (at > 0 && part.slice(0, at).trim() === name) {
			try {
				return decodeURIComponent(part.slice(at + 1).trim());
			} catch {
				return null;
			}
		}
	}
	return null;
}
