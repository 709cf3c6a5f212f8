import http from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { cacheKey, chooseEncoding, createResponseCache } from './response-cache.js';

/** A server whose "application" counts renders and opts in unless told not to. */
async function start(options = {}) {
	let clock = 0;
	const cache = createResponseCache({ now: () => clock, maxEntries: options.maxEntries });
	let renders = 0;
	let body = 'version 1';
	const server = http.createServer((req, res) => {
		if (req.method !== 'GET' && req.method !== 'HEAD') {
			cache.forgetIfChanged(res);
			// The application says so only when the post changed something.
			if (!req.url?.startsWith('/refused')) res.setHeader('x-clinic-change-made', '1');
			res.end('changed');
			return;
		}
		if (cache.serve(req, res)) return;
		cache.capture(req, res);
		renders++;
		res.setHeader('Content-Type', 'text/html; charset=utf-8');
		res.setHeader('X-Request-Id', 'app');
		if (!req.url?.startsWith('/private')) res.setHeader('x-clinic-shared-cache', '1');
		if (req.url?.startsWith('/cookie')) res.setHeader('Set-Cookie', 'a=b');
		if (req.url?.startsWith('/tagged')) res.setHeader('ETag', `"app-${body.length}"`);
		const rendered = body;
		const finish = () => {
			res.writeHead(req.url?.startsWith('/missing') ? 404 : 200);
			res.write(`<p>${rendered}</p>`);
			res.end(`<p>${req.url}</p>`);
		};
		if (req.url?.startsWith('/slow')) setTimeout(finish, 100);
		else finish();
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
	const get = (path, headers = {}) =>
		new Promise((resolve, reject) => {
			http
				.get({ host: '127.0.0.1', port, path, headers }, (res) => {
					const chunks = [];
					res.on('data', (chunk) => chunks.push(chunk));
					res.on('end', () => resolve({ res, body: Buffer.concat(chunks) }));
				})
				.on('error', reject);
		});
	const post = (path) =>
		new Promise((resolve, reject) => {
			const req = http.request({ host: '127.0.0.1', port, path, method: 'POST' }, (res) => {
				res.resume();
				res.on('end', resolve);
			});
			req.on('error', reject);
			req.end();
		});
	const request = (method, path, headers = {}) =>
		new Promise((resolve, reject) => {
			const req = http.request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
				const chunks = [];
				res.on('data', (chunk) => chunks.push(chunk));
				res.on('end', () => resolve({ res, body: Buffer.concat(chunks) }));
			});
			req.on('error', reject);
			req.end();
		});
	return {
		server,
		cache,
		get,
		request,
		post,
		renders: () => renders,
		setBody: (text) => (body = text),
		advance: (ms) => (clock += ms)
	};
}

let running;
afterEach(() => running?.server.close());

describe('the shared response cache', () => {
	it('renders an opted-in page once, then answers it without the marker header', async () => {
		running = await start();
		const first = await running.get('/');
		const second = await running.get('/');
		expect(running.renders()).toBe(1);
		expect(second.body.toString()).toBe(first.body.toString());
		for (const { res } of [first, second]) {
			expect(res.headers['x-clinic-shared-cache']).toBeUndefined();
			expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
		}
		expect(second.res.headers['x-request-id']).not.toBe('app');
		expect(second.res.headers.etag).toMatch(/^"[\w-]{22}"$/);
	});

	it('sends gzip or brotli as asked, and 304 for a matching ETag', async () => {
		running = await start();
		await running.get('/page');
		const gzip = await running.get('/page', { 'accept-encoding': 'gzip' });
		expect(gzip.res.headers['content-encoding']).toBe('gzip');
		expect(gunzipSync(gzip.body).toString()).toBe('<p>version 1</p><p>/page</p>');
		// Brotli is made in the background; it is used once ready.
		await new Promise((resolve) => setTimeout(resolve, 50));
		const br = await running.get('/page', { 'accept-encoding': 'gzip, br' });
		expect(br.res.headers['content-encoding']).toBe('br');
		expect(brotliDecompressSync(br.body).toString()).toBe('<p>version 1</p><p>/page</p>');
		const notModified = await running.get('/page', {
			'accept-encoding': 'gzip, br',
			'if-none-match': br.res.headers.etag
		});
		expect(notModified.res.statusCode).toBe(304);
		expect(notModified.res.headers.etag).toBe(br.res.headers.etag);
		expect(notModified.body.length).toBe(0);
		expect(running.renders()).toBe(1);
	});

	it('gives each encoding its own entity tag, and a 304 only for the one asked for', async () => {
		running = await start();
		await running.get('/page');
		const identity = await running.get('/page');
		const gzip = await running.get('/page', { 'accept-encoding': 'gzip' });
		await new Promise((resolve) => setTimeout(resolve, 50));
		const br = await running.get('/page', { 'accept-encoding': 'br' });
		const tags = [identity, gzip, br].map(({ res }) => res.headers.etag);
		expect(new Set(tags).size).toBe(3);
		expect(tags[1]).toBe(`${tags[0]?.slice(0, -1)}-gzip"`);
		// The brotli copy's tag does not stand for the plain body.
		const plain = await running.get('/page', { 'if-none-match': br.res.headers.etag });
		expect(plain.res.statusCode).toBe(200);
		const weak = await running.get('/page', {
			'accept-encoding': 'gzip',
			'if-none-match': `W/${gzip.res.headers.etag}`
		});
		expect(weak.res.statusCode).toBe(304);
	});

	it("keeps the application's entity tag when it refills the same content", async () => {
		running = await start();
		const first = await running.get('/tagged');
		const cached = await running.get('/tagged');
		expect(cached.res.headers.etag).toBe('"app-9"');
		running.advance(5000 + 1000 + 1);
		await running.get('/tagged');
		const refilled = await running.get('/tagged');
		expect(refilled.res.headers.etag).toBe(cached.res.headers.etag);
		expect(first.res.headers.etag).toBe('"app-9"');
	});

	it('answers HEAD with the headers of its GET', async () => {
		running = await start();
		await running.get('/page');
		const get = await running.get('/page', { 'accept-encoding': 'gzip' });
		const head = await running.request('HEAD', '/page', { 'accept-encoding': 'gzip' });
		for (const name of ['content-encoding', 'content-length', 'etag', 'content-type']) {
			expect(head.res.headers[name]).toBe(get.res.headers[name]);
		}
		expect(head.body.length).toBe(0);
	});

	it('keeps its answers after a post that changed nothing (a refused form)', async () => {
		running = await start();
		await running.get('/');
		running.setBody('version 2');
		await running.post('/refused/booking');
		expect((await running.get('/')).body.toString()).toContain('version 1');
		expect(running.renders()).toBe(1);
		expect(running.cache.stats().clears).toBe(0);
	});

	it('forgets everything when a change is made, so the next visit sees it', async () => {
		running = await start();
		await running.get('/');
		running.setBody('version 2');
		expect((await running.get('/')).body.toString()).toContain('version 1');
		await running.post('/admin/anything');
		expect((await running.get('/')).body.toString()).toContain('version 2');
		expect(running.renders()).toBe(2);
	});

	it('after its seconds, lets one request render while the others get the last answer', async () => {
		running = await start();
		await running.get('/slow');
		running.setBody('version 2');
		running.advance(1500);
		const [renderer, waiting] = await Promise.all([
			running.get('/slow'),
			new Promise((resolve) => setTimeout(resolve, 20)).then(() => running.get('/slow'))
		]);
		expect(renderer.body.toString()).toContain('version 2');
		expect(waiting.body.toString()).toContain('version 1');
		expect(running.renders()).toBe(2);
		expect((await running.get('/slow')).body.toString()).toContain('version 2');
		// Long past its time, an entry is not served stale at all.
		running.setBody('version 3');
		running.advance(10_000);
		expect((await running.get('/slow')).body.toString()).toContain('version 3');
	});

	it('keeps nothing for a visitor with a cookie, an answer setting one, an error or no opt-in', async () => {
		running = await start();
		await running.get('/', { cookie: 'session=1' });
		await running.get('/', { cookie: 'session=1' });
		await running.get('/cookie');
		await running.get('/cookie');
		await running.get('/missing');
		await running.get('/missing');
		await running.get('/private');
		await running.get('/private');
		expect(running.renders()).toBe(8);
		expect(running.cache.stats().entries).toBe(0);
	});

	it('keys by path and sorted query, and holds a bounded number of entries', async () => {
		running = await start({ maxEntries: 2 });
		await running.get('/a?x=1&y=2');
		await running.get('/a?y=2&x=1');
		expect(running.renders()).toBe(1);
		await running.get('/b');
		await running.get('/c');
		expect(running.cache.stats().entries).toBe(2);
		expect(cacheKey('/a?y=2&x=1')).toBe('/a?x=1&y=2');
	});
});

describe('chooseEncoding', () => {
	it('prefers brotli, then gzip, and honours q=0', () => {
		expect(chooseEncoding('gzip, deflate, br')).toBe('br');
		expect(chooseEncoding('gzip')).toBe('gzip');
		expect(chooseEncoding('br;q=0, gzip')).toBe('gzip');
		expect(chooseEncoding('identity')).toBeNull();
		expect(chooseEncoding(undefined)).toBeNull();
		expect(chooseEncoding('*')).toBe('br');
	});
});
