// Slow clients (slowloris): a client that trickles its request line by line, or its body byte
// by byte, or keeps an idle connection open, is cut off by the server in front (scripts/serve.js,
// HEADERS_TIMEOUT, REQUEST_TIMEOUT, KEEP_ALIVE_TIMEOUT), and the site keeps answering everyone
// else meanwhile; MAX_CONNECTIONS caps what any number of them can hold. Loopback only, short
// limits, every wait bounded.
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server';

const headersSeconds = 2;
const requestSeconds = 4;
const keepAliveSeconds = 2;
const cap = 30;
// Node checks the timeouts once a second (serve.js): allow that and a little scheduling.
const slack = 2500;

let server: RunningServer;
beforeAll(async () => {
	server = await startServer({
		env: {
			HEADERS_TIMEOUT: String(headersSeconds),
			REQUEST_TIMEOUT: String(requestSeconds),
			KEEP_ALIVE_TIMEOUT: String(keepAliveSeconds),
			MAX_CONNECTIONS: String(cap)
		}
	});
}, 90_000);
afterAll(async () => {
	await server?.stop();
});

interface SlowClient {
	socket: Socket;
	/** Milliseconds from connecting until the server closed the connection. */
	closed: Promise<number>;
	/** What the server sent before closing. */
	received(): string;
	stop(): void;
}

/** Opens a connection to the server and sends `first`, then `drip` every 300 ms. */
function slowClient(first: string, drip: string): Promise<SlowClient> {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		let text = '';
		let timer: NodeJS.Timeout | undefined;
		const socket = connect(server.port, '127.0.0.1');
		const closed = new Promise<number>((done) => {
			socket.once('close', () => {
				clearInterval(timer);
				done(Date.now() - started);
			});
		});
		socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
		socket.on('error', () => {});
		socket.once('connect', () => {
			socket.write(first);
			timer = setInterval(() => {
				if (!socket.destroyed) socket.write(drip);
			}, 300);
			resolve({
				socket,
				closed,
				received: () => text,
				stop: () => {
					clearInterval(timer);
					socket.destroy();
				}
			});
		});
		socket.once('error', reject);
	});
}

async function timedHealthz(): Promise<{ status: number; ms: number }> {
	const started = Date.now();
	const answer = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(5000) });
	await answer.text();
	return { status: answer.status, ms: Date.now() - started };
}

const within = <T>(promise: Promise<T>, ms: number, what: string) =>
	Promise.race([
		promise,
		new Promise<never>((_, reject) =>
			setTimeout(() => reject(new Error(`${what}: no end in ${ms} ms`)), ms)
		)
	]);

describe('slow clients (serve.js timeouts and connection cap)', () => {
	it('cuts off clients that trickle their headers, and answers everyone else meanwhile', async () => {
		const slow = await Promise.all(
			Array.from({ length: 20 }, (_, n) =>
				slowClient(`GET /?slow=${n} HTTP/1.1\r\nHost: 127.0.0.1\r\n`, 'X-Slow: 1\r\n')
			)
		);
		try {
			const answers = [];
			for (let n = 0; n < 3; n++) answers.push(await timedHealthz());
			console.log(
				`healthz while 20 clients trickle headers: ${answers.map((a) => `${a.ms} ms`).join(', ')}`
			);
			for (const answer of answers) {
				expect(answer.status).toBe(200);
				expect(answer.ms).toBeLessThan(2000);
			}
			const closedAfter = await within(
				Promise.all(slow.map((client) => client.closed)),
				headersSeconds * 1000 + slack + 2000,
				'slow header clients'
			);
			console.log(
				`slow header clients cut off after ${Math.min(...closedAfter)}-${Math.max(...closedAfter)} ms`
			);
			for (const ms of closedAfter) expect(ms).toBeLessThan(headersSeconds * 1000 + slack);
			// Node answers 408 Request Timeout before closing.
			expect(slow.every((client) => /^HTTP\/1\.1 408/.test(client.received()))).toBe(true);
		} finally {
			for (const client of slow) client.stop();
		}
	}, 20_000);

	it('cuts off a client that trickles its body', async () => {
		const body = '{"a":1}'.padEnd(2000, ' ');
		const client = await slowClient(
			`POST /api/v1/bookings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nIdempotency-Key: slow-body-1\r\n\r\n{`,
			' '
		);
		try {
			const ms = await within(client.closed, requestSeconds * 1000 + slack + 2000, 'slow body');
			console.log(`slow body cut off after ${ms} ms`);
			expect(ms).toBeLessThan(requestSeconds * 1000 + slack);
			expect((await timedHealthz()).status).toBe(200);
		} finally {
			client.stop();
		}
	}, 20_000);

	it('closes an idle keep-alive connection', async () => {
		const client = await slowClient('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', '');
		try {
			const ms = await within(client.closed, keepAliveSeconds * 1000 + slack + 2000, 'keep-alive');
			expect(client.received()).toMatch(/^HTTP\/1\.1 200/);
			expect(ms).toBeLessThan(keepAliveSeconds * 1000 + slack);
		} finally {
			client.stop();
		}
	}, 20_000);

	it(`holds at most ${cap} connections, and answers again once the slow ones are cut off`, async () => {
		const slow = await Promise.all(
			Array.from({ length: cap }, () =>
				slowClient('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n', 'X-Slow: 1\r\n')
			)
		);
		try {
			// Past the cap the server closes a new connection at once, without reading it.
			const extra = await slowClient('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', '');
			const extraMs = await within(extra.closed, 2000, 'a connection past the cap');
			expect(extra.received()).toBe('');
			expect(extraMs).toBeLessThan(2000);
			await within(
				Promise.all(slow.map((client) => client.closed)),
				headersSeconds * 1000 + slack + 2000,
				'slow clients at the cap'
			);
			expect((await timedHealthz()).status).toBe(200);
		} finally {
			for (const client of slow) client.stop();
		}
	}, 20_000);
});
