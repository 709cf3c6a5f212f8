// A tiny HTTP load balancer on 127.0.0.1 for tests with several app instances: round robin
// over the backends, one fresh upstream connection per request (as nginx does by default),
// and a retry on the next backend when a backend refused the connection, as real load
// balancers do (nginx `proxy_next_upstream error`, HAProxy `retries` + `redispatch`).
// A connection reset before any answer is retried only for requests that are safe to repeat:
// GET/HEAD, and POSTs that carry an Idempotency-Key (the API answers a repeat the same way).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoadBalancer {
	/** `http://127.0.0.1:<port>`: what clients (and the instances' ORIGIN) use. */
	readonly url: string;
	/** Replaces the backends (base URLs); requests in flight keep theirs. */
	setBackends(urls: readonly string[]): void;
	readonly stats: {
		/** Requests received from clients. */
		requests: number;
		/** Extra upstream attempts after a refused or reset connection. */
		retries: number;
		/** Requests answered 502 because no backend took them. */
		badGateway: number;
		/** Requests answered, per backend URL. */
		perBackend: Map<string, number>;
	};
	close(): Promise<void>;
}

/**
 * Header (or cookie, like a sticky-session cookie) a test may send to pin a request to one
 * backend, by index; never forwarded.
 */
export const pinHeader = 'x-test-backend';
/**
 * Header a test may send to play a client at another address (the balancer puts it in
 * X-Forwarded-For instead of 127.0.0.1); never forwarded.
 */
export const clientHeader = 'x-test-client';

interface Upstream {
	status: number;
	headers: http.IncomingHttpHeaders;
	body: http.IncomingMessage;
}

class RetryableError extends Error {}

function forward(
	backend: string,
	request: http.IncomingMessage,
	body: Buffer,
	canRepeat: boolean
): Promise<Upstream> {
	const target = new URL(backend);
	const headers = { ...request.headers };
	if (typeof headers.cookie === 'string') {
		const cookies = headers.cookie
			.split(/;\s*/)
			.filter((cookie) => cookie !== '' && !cookie.startsWith(`${pinHeader}=`));
		if (cookies.length > 0) headers.cookie = cookies.join('; ');
		else delete headers.cookie;
	}
	const client = headers[clientHeader];
	delete headers[pinHeader];
	delete headers[clientHeader];
	delete headers.connection;
	delete headers['keep-alive'];
	// Like a proxy in front of the app: the client's address appended to any X-Forwarded-For.
	const forwardedFor = [
		headers['x-forwarded-for'],
		typeof client === 'string' ? client : request.socket.remoteAddress
	]
		.filter(Boolean)
		.join(', ');
	return new Promise((resolve, reject) => {
		const upstream = http.request(
			{
				host: target.hostname,
				port: target.port,
				method: request.method,
				path: request.url,
				headers: {
					...headers,
					'x-forwarded-for': forwardedFor,
					'x-forwarded-proto': 'http',
					'content-length': String(body.length),
					connection: 'close'
				},
				agent: false,
				timeout: 60_000
			},
			(response) =>
				resolve({ status: response.statusCode ?? 502, headers: response.headers, body: response })
		);
		upstream.on('timeout', () => upstream.destroy(new Error('upstream timed out')));
		upstream.on('error', (error: NodeJS.ErrnoException) => {
			const refused = error.code === 'ECONNREFUSED';
			const reset =
				error.code === 'ECONNRESET' ||
				error.code === 'EPIPE' ||
				/socket hang up/.test(error.message);
			reject(refused || (reset && canRepeat) ? new RetryableError(error.message) : error);
		});
		upstream.end(body);
	});
}

export async function startLoadBalancer(
	options: { backends?: readonly string[]; attempts?: number } = {}
): Promise<LoadBalancer> {
	let backends = [...(options.backends ?? [])];
	let next = 0;
	const attempts = options.attempts ?? 8;
	const stats = { requests: 0, retries: 0, badGateway: 0, perBackend: new Map<string, number>() };

	const server = http.createServer(async (request, response) => {
		stats.requests++;
		const chunks: Buffer[] = [];
		for await (const chunk of request) chunks.push(chunk as Buffer);
		const body = Buffer.concat(chunks);
		const method = request.method ?? 'GET';
		const canRepeat =
			method === 'GET' || method === 'HEAD' || request.headers['idempotency-key'] !== undefined;
		const pinCookie = new RegExp(`(?:^|;\\s*)${pinHeader}=(\\d+)`).exec(
			request.headers.cookie ?? ''
		)?.[1];
		const pinned = request.headers[pinHeader] ?? pinCookie;
		let lastError = 'no backend';
		for (let attempt = 0; attempt < attempts; attempt++) {
			const pool = backends;
			if (pool.length === 0) break;
			const backend =
				pinned !== undefined ? pool[Number(pinned) % pool.length]! : pool[next++ % pool.length]!;
			if (attempt > 0) {
				stats.retries++;
				// Every backend refused once: give a restarting one a moment.
				if (attempt % pool.length === 0) await new Promise((done) => setTimeout(done, 100));
			}
			let upstream: Upstream;
			try {
				upstream = await forward(backend, request, body, canRepeat);
			} catch (error) {
				lastError = (error as Error).message;
				if (error instanceof RetryableError && pinned === undefined) continue;
				break;
			}
			stats.perBackend.set(backend, (stats.perBackend.get(backend) ?? 0) + 1);
			const headers = { ...upstream.headers };
			delete headers.connection;
			delete headers['keep-alive'];
			delete headers['transfer-encoding'];
			response.writeHead(upstream.status, headers);
			upstream.body.pipe(response);
			// A backend dying mid-answer: the client must see a broken answer, not a short one.
			upstream.body.on('close', () => {
				if (!upstream.body.complete) response.destroy();
			});
			upstream.body.on('error', () => response.destroy());
			return;
		}
		stats.badGateway++;
		response.writeHead(502, { 'content-type': 'text/plain' });
		response.end(`bad gateway: ${lastError}`);
	});
	server.keepAliveTimeout = 5000;
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const port = (server.address() as AddressInfo).port;
	return {
		url: `http://127.0.0.1:${port}`,
		setBackends(urls) {
			backends = [...urls];
		},
		stats,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			})
	};
}
