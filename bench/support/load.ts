// Load from autocannon on the same machine, and a bare node:http server answering the same
// bytes, measured one right after the other, so the ratio says what the application costs
// beyond writing its answer.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';

/** What one autocannon run measured. */
export interface LoadResult {
	requestsPerSecond: number;
	p50: number;
	p99: number;
	requests: number;
	statuses: Map<number, number>;
	errors: number;
}

/** One request autocannon may send, in order; `amount` of them in all. */
export interface LoadRequest {
	method?: 'GET' | 'POST';
	path: string;
	headers?: Record<string, string>;
	body?: string;
}

/**
 * Runs autocannon against `origin` with `connections` keep-alive connections, for `seconds`
 * or, when `requests` is a function, for `amount` requests built by it.
 */
export async function load(
	origin: string,
	options: {
		connections: number;
		seconds?: number;
		path?: string;
		headers?: Record<string, string>;
		amount?: number;
		request?: (index: number) => LoadRequest;
	}
): Promise<LoadResult> {
	let index = 0;
	const statuses = new Map<number, number>();
	const settings: autocannon.Options = {
		url: origin,
		connections: options.connections,
		...(options.amount ? { amount: options.amount } : { duration: options.seconds ?? 5 }),
		headers: options.headers,
		requests: [
			options.request
				? {
						setupRequest: (request: autocannon.Request) => {
							const next = options.request!(index++);
							return {
								...request,
								method: next.method ?? 'GET',
								path: next.path,
								headers: { ...request.headers, ...next.headers },
								body: next.body
							};
						}
					}
				: { method: 'GET', path: options.path ?? '/' }
		]
	};
	const result = await new Promise<autocannon.Result>((resolve, reject) => {
		const instance = autocannon(settings, (error, finished) =>
			error ? reject(error) : resolve(finished)
		);
		instance.on('response', (_client, status) => {
			statuses.set(status, (statuses.get(status) ?? 0) + 1);
		});
	});
	return {
		// Measured from start to finish: `duration` is rounded, which skews short runs.
		requestsPerSecond:
			result.requests.total /
			Math.max(0.001, (result.finish.getTime() - result.start.getTime()) / 1000),
		p50: result.latency.p50,
		p99: result.latency.p99,
		requests: result.requests.total,
		statuses,
		errors: result.errors + result.timeouts
	};
}

/** A bare node:http server that answers every request with `answer`; close it when done. */
export async function bareServer(answer: {
	status: number;
	headers: Record<string, string>;
	body: Buffer;
}): Promise<{ origin: string; close(): Promise<void> }> {
	const server = http.createServer((request, response) => {
		// Read the body, as the application does, before answering.
		request.resume();
		request.on('end', () => {
			response.writeHead(answer.status, {
				...answer.headers,
				'content-length': String(answer.body.length)
			});
			response.end(answer.body);
		});
	});
	server.keepAliveTimeout = 5000;
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		origin: `http://127.0.0.1:${port}`,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			})
	};
}

/** Fetches `url` once and returns what a twin must send to answer the same bytes. */
export async function sameBytes(
	url: string,
	init: RequestInit = {}
): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
	// node:http, not fetch: fetch would decode the body, and the twin must send it as it came.
	const raw = await rawBody(url, init);
	const headers: Record<string, string> = {};
	for (const name of ['content-type', 'content-encoding', 'content-security-policy', 'etag']) {
		const value = raw.headers[name];
		if (typeof value === 'string') headers[name] = value;
	}
	return { status: raw.status, headers, body: raw.body };
}

/** What browsers send, so that both servers answer compressed where they would. */
export const acceptEncoding = { 'accept-encoding': 'br, gzip' };

function rawBody(
	url: string,
	init: RequestInit
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
	return new Promise((resolve, reject) => {
		const request = http.request(
			url,
			{
				method: init.method ?? 'GET',
				headers: { ...(init.headers as Record<string, string>), ...acceptEncoding }
			},
			(response) => {
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('end', () =>
					resolve({
						status: response.statusCode ?? 0,
						headers: response.headers,
						body: Buffer.concat(chunks)
					})
				);
			}
		);
		request.on('error', reject);
		if (typeof init.body === 'string') request.write(init.body);
		request.end();
	});
}
