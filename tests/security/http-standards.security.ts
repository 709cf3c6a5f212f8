// HTTP details of the server in front (scripts/serve.js), checked against independent code
// from npm rather than our own: the encoding a client accepts is what `negotiator` (the
// negotiation library of the Node ecosystem) picks; bodies are decoded with zlib. RFC 9110:
// each representation has its own entity tag, stable while the content is unchanged (8.8.3);
// a HEAD carries the headers its GET would (9.3.2); `q=0` means "not acceptable" (12.5.3).
import Negotiator from 'negotiator';
import http from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server';

let server: RunningServer;

beforeAll(async () => {
	server = await startServer();
}, 90_000);

afterAll(async () => {
	await server?.stop();
});

/** A request by node:http, which (unlike fetch) neither adds Accept-Encoding nor decodes. */
function get(
	path: string,
	headers: Record<string, string> = {},
	method = 'GET'
): Promise<{
	response: { status: number; headers: { get(name: string): string | null } };
	body: Buffer;
}> {
	return new Promise((resolve, reject) => {
		const request = http.request(`${server.url}${path}`, { method, headers }, (answer) => {
			const chunks: Buffer[] = [];
			answer.on('data', (chunk: Buffer) => chunks.push(chunk));
			answer.on('end', () =>
				resolve({
					response: {
						status: answer.statusCode ?? 0,
						headers: {
							get: (name: string) => {
								const value = answer.headers[name.toLowerCase()];
								return value === undefined ? null : String(value);
							}
						}
					},
					body: Buffer.concat(chunks)
				})
			);
		});
		request.on('error', reject);
		request.end();
	});
}

function decoded(encoding: string | null, body: Buffer): string {
	if (encoding === 'br') return brotliDecompressSync(body).toString();
	if (encoding === 'gzip') return gunzipSync(body).toString();
	return body.toString();
}

const acceptValues = [
	'gzip, deflate, br',
	'br;q=0, gzip',
	'gzip;q=0, br',
	'br;q=0, gzip;q=0',
	'*;q=0',
	'identity',
	'gzip;q=0.5, br;q=0.9',
	'*'
];

describe('the server in front', () => {
	it('sends a static file only in an encoding the client accepts (q=0 refuses)', async () => {
		const home = await get('/');
		const found = /_app\/immutable\/[^"]+\.(?:css|js)/.exec(home.body.toString())?.[0];
		expect(found).toBeTruthy();
		const asset = `/${found}`;
		const plain = (await get(asset, { 'accept-encoding': 'identity' })).body.toString();
		for (const accept of acceptValues) {
			const { response, body } = await get(asset, { 'accept-encoding': accept });
			const chosen = new Negotiator({ headers: { 'accept-encoding': accept } }).encodings([
				'br',
				'gzip',
				'identity'
			]);
			const sent = response.headers.get('content-encoding') ?? 'identity';
			// Nothing acceptable at all (`*;q=0`): the body goes unencoded rather than not at all.
			const allowed = chosen.length > 0 ? chosen : ['identity'];
			expect(allowed, `${accept} -> ${sent}`).toContain(sent);
			expect(decoded(response.headers.get('content-encoding'), body)).toBe(plain);
		}
	});

	it('gives each encoding of a page its own entity tag, the same from the cache and from a render', async () => {
		const tags = new Map<string, Set<string>>();
		// After a second the cache renders again for the first request only: each round starts
		// with another encoding, so each is seen both rendered and from the cache.
		const encodings = ['identity', 'gzip', 'br'];
		for (let round = 0; round < 3; round++) {
			for (const accept of [...encodings.slice(round), ...encodings.slice(0, round)]) {
				const { response, body } = await get('/services', { 'accept-encoding': accept });
				expect(response.status).toBe(200);
				const sent = response.headers.get('content-encoding') ?? 'identity';
				expect(decoded(response.headers.get('content-encoding'), body)).toContain('</html>');
				const etag = response.headers.get('etag');
				expect(etag).toBeTruthy();
				const seen = tags.get(sent) ?? new Set<string>();
				seen.add(etag as string);
				tags.set(sent, seen);
			}
			await new Promise((done) => setTimeout(done, 1200));
		}
		for (const [encoding, seen] of tags) expect([encoding, seen.size]).toEqual([encoding, 1]);
		const all = [...tags.values()].map((seen) => [...seen][0]);
		expect(new Set(all).size).toBe(all.length);
	});

	it('answers a 304 to the tag of the representation it would send', async () => {
		const first = await get('/services', { 'accept-encoding': 'gzip' });
		const etag = first.response.headers.get('etag') as string;
		const again = await get('/services', { 'accept-encoding': 'gzip', 'if-none-match': etag });
		expect(again.response.status).toBe(304);
		expect(again.response.headers.get('etag')).toBe(etag);
		const other = await get('/services', { 'accept-encoding': 'identity', 'if-none-match': etag });
		expect(other.response.status).toBe(200);
	});

	it('answers HEAD with the headers of GET, rendered or cached', async () => {
		// A cookie keeps the request away from the shared cache: rendered each time.
		const variants: Record<string, string>[] = [
			{ 'accept-encoding': 'gzip' },
			{ 'accept-encoding': 'gzip', cookie: 'unrelated=1' },
			{ 'accept-encoding': 'br', cookie: 'unrelated=1' }
		];
		for (const headers of variants) {
			const getAnswer = await get('/conditions', headers);
			const head = await get('/conditions', headers, 'HEAD');
			expect(head.body.length).toBe(0);
			for (const name of ['content-type', 'content-encoding', 'etag', 'vary']) {
				expect([name, head.response.headers.get(name)]).toEqual([
					name,
					getAnswer.response.headers.get(name)
				]);
			}
			const length = getAnswer.response.headers.get('content-length');
			if (length !== null) expect(head.response.headers.get('content-length')).toBe(length);
		}
	});

	it('keeps the shared cache when a post changes nothing (a refused booking)', async () => {
		// A cached answer has a Content-Length; a compressed render is streamed without one.
		// The cache keeps an answer for a second, so the sequence is retried if the machine is
		// too slow to finish it within that second.
		let keptAfterRefusal = false;
		for (let attempt = 0; attempt < 5 && !keptAfterRefusal; attempt++) {
			await new Promise((done) => setTimeout(done, 1100));
			const started = Date.now();
			await get('/services', { 'accept-encoding': 'gzip' });
			const refused = await fetch(`${server.url}/book?/confirm`, {
				method: 'POST',
				headers: {
					origin: server.url,
					accept: 'text/html',
					'content-type': 'application/x-www-form-urlencoded'
				},
				body: 'serviceId=not-a-number',
				redirect: 'manual'
			});
			// Refused: the page again with its message, no booking made.
			expect([400, 422]).toContain(refused.status);
			await refused.body?.cancel();
			const after = await get('/services', { 'accept-encoding': 'gzip' });
			if (Date.now() - started < 900) {
				keptAfterRefusal = after.response.headers.get('content-length') !== null;
				expect(keptAfterRefusal).toBe(true);
			}
		}
		expect(keptAfterRefusal).toBe(true);
	});
});
