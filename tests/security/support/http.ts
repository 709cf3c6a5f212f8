// Raw requests for the security suites: any method, headers and body, redirects left alone,
// and a network failure reported as a result rather than thrown.
import type { FormClient } from '../../support/form-client';

export interface Answer {
	status: number;
	headers: Headers;
	text: string;
	/** Set when no HTTP answer came back (connection reset, timeout). */
	failure?: string;
}

export interface RawRequest {
	method?: string;
	headers?: Record<string, string>;
	body?: BodyInit | Uint8Array | null;
	/** A signed-in client whose cookies to send. */
	as?: FormClient | null;
	timeoutMs?: number;
}

export function cookieHeader(client: FormClient | null | undefined): string | null {
	if (!client || client.jar.size === 0) return null;
	return [...client.jar].map(([name, value]) => `${name}=${value}`).join('; ');
}

/**
 * Requests retried because the connection they were sent on had just been closed by the
 * server (after it refused a body past its size limit without reading it, Node closes the
 * connection; the HTTP client may already have picked that connection for the next request).
 * A browser retries such a request too. Reported by the suites.
 */
export const resets = { retried: 0 };

export async function send(base: string, path: string, request: RawRequest = {}): Promise<Answer> {
	const first = await sendOnce(base, path, request);
	if (
		first.status === 0 &&
		/ECONNRESET|EPIPE|other side closed|UND_ERR_SOCKET/.test(first.failure ?? '')
	) {
		resets.retried++;
		return sendOnce(base, path, request);
	}
	return first;
}

async function sendOnce(base: string, path: string, request: RawRequest): Promise<Answer> {
	const headers: Record<string, string> = { ...(request.headers ?? {}) };
	const cookie = cookieHeader(request.as);
	if (cookie) headers.cookie = cookie;
	try {
		const response = await fetch(`${base}${path}`, {
			method: request.method ?? 'GET',
			headers,
			// Any Uint8Array is a valid body; the DOM typings want one backed by an ArrayBuffer.
			body: (request.body ?? null) as BodyInit | null,
			redirect: 'manual',
			signal: AbortSignal.timeout(request.timeoutMs ?? 30_000)
		});
		return { status: response.status, headers: response.headers, text: await response.text() };
	} catch (error) {
		const cause = (error as { cause?: { code?: string; message?: string } }).cause;
		return {
			status: 0,
			headers: new Headers(),
			text: '',
			failure: `${(error as Error).message}${cause ? ` (${cause.code ?? ''} ${cause.message ?? ''})` : ''}`
		};
	}
}

/** Whether the server still answers its health check. */
export async function healthy(base: string): Promise<boolean> {
	const answer = await send(base, '/healthz', { timeoutMs: 10_000 });
	return answer.status === 200 && answer.text.includes('"ok"');
}

/** Percent-encodes any string as one path segment (unpaired surrogates become U+FFFD). */
export function pathSegment(value: string): string {
	return [...new TextEncoder().encode(value)]
		.map((byte) =>
			/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(byte))
				? String.fromCharCode(byte)
				: `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
		)
		.join('');
}

/**
 * Posts form fields (repeated names allowed) as `client`'s browser would, from the site
 * itself, and keeps the cookies the answer sets.
 */
export async function postFields(
	client: FormClient,
	base: string,
	path: string,
	fields: [string, string][]
): Promise<Answer> {
	const answer = await send(base, path, {
		method: 'POST',
		as: client,
		headers: {
			origin: base,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams(fields).toString()
	});
	for (const line of answer.headers.getSetCookie()) {
		const [pair = ''] = line.split(';');
		const at = pair.indexOf('=');
		const name = pair.slice(0, at);
		const value = pair.slice(at + 1);
		if (/max-age=0/i.test(line) || value === '') client.jar.delete(name);
		else client.jar.set(name, value);
	}
	return answer;
}
