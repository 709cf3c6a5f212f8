// A small in-memory cache of whole responses, in front of SvelteKit, for the pages and answers
// that are the same for every visitor (docs/decisions/0026-shared-response-cache.md). The
// application opts a response in with the `x-clinic-shared-cache: <seconds>` header (never sent
// on); only cookie-less GET and HEAD requests are answered from it. A request that changed what
// visitors may see (a booking, a staff change; the application says so with a header, ADR 0039)
// empties it when it finishes, so this instance never shows what it has just changed; another
// instance's change shows within the opted-in seconds. A refused post changes nothing here.
import { createHash, randomUUID } from 'node:crypto';
import { brotliCompress, constants, gzipSync } from 'node:zlib';
import {
	changeMadeHeader,
	sharedCacheHeader
} from '../../src/lib/server/http/shared-cache-header.js';

/** Bodies larger than this are never kept. */
const maxBodyBytes = 2 * 1024 * 1024;
/** How long an expired entry may still answer while one request renders its replacement. */
const staleGraceMs = 5000;
/** Headers that are per response, or that the cache sets itself. */
const perResponseHeaders = new Set([
	'content-length',
	'content-encoding',
	'transfer-encoding',
	'x-request-id',
	'set-cookie',
	'vary',
	'etag',
	'date',
	'connection',
	'keep-alive',
	sharedCacheHeader,
	changeMadeHeader
]);

/**
 * @typedef {object} Entry
 * @property {number} status
 * @property {[string, string | string[] | number][]} headers
 * @property {Buffer} identity
 * @property {Buffer} gzip
 * @property {Buffer | null} br
 * @property {string} etag the content's tag; each encoding's is derived from it
 * @property {number} freshUntil
 * @property {boolean} refreshing
 */

/**
 * The cache key: path and query with the query's parameters sorted, so `?a=1&b=2` and
 * `?b=2&a=1` are one entry.
 * @param {string} url
 */
export function cacheKey(url) {
	// The request target is read as a path on a fixed origin: `new URL('//', base)` would read
	// `//` as the start of a host and throw, and that throw ended the whole server (found by
	// tests/security: any `GET //` stopped it). Null: not cacheable.
	let parsed;
	try {
		parsed = new URL(`http://cache.invalid${url.startsWith('/') ? '' : '/'}${url}`);
	} catch {
		return null;
	}
	parsed.searchParams.sort();
	return `${parsed.pathname}${parsed.search}`;
}

/**
 * The encoding to send, from Accept-Encoding: the acceptable one with the highest weight,
 * brotli before gzip on a tie, else none. A `q=0` refuses; `*` stands for any not named.
 * @param {string | undefined} accept
 * @returns {'br' | 'gzip' | null}
 */
export function chooseEncoding(accept) {
	if (!accept) return null;
	/** @type {Map<string, number>} */
	const weights = new Map();
	for (const part of accept.toLowerCase().split(',')) {
		const [name = '', ...params] = part.trim().split(';');
		const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
		const weight = q ? Number(q.slice(2)) : 1;
		weights.set(name.trim(), Number.isFinite(weight) ? weight : 0);
	}
	const weightOf = (/** @type {string} */ name) => weights.get(name) ?? weights.get('*') ?? 0;
	const br = weightOf('br');
	const gzip = weightOf('gzip');
	if (br > 0 && br >= gzip) return 'br';
	if (gzip > 0) return 'gzip';
	return null;
}

/**
 * The entity tag of one representation (RFC 9110 8.8.3): each encoding of the same content
 * has its own tag, derived from the content's, so it stays the same while the content does.
 * @param {string} etag the content's tag, `"..."` or `W/"..."`
 * @param {'br' | 'gzip' | null} encoding
 */
export function representationTag(etag, encoding) {
	if (!encoding || !etag.endsWith('"')) return etag;
	return `${etag.slice(0, -1)}-${encoding}"`;
}

/**
 * Whether an If-None-Match value matches a tag, by weak comparison (RFC 9110 13.1.2).
 * @param {string | undefined} ifNoneMatch
 * @param {string} etag
 */
export function noneMatchHits(ifNoneMatch, etag) {
	if (!ifNoneMatch) return false;
	const opaque = (/** @type {string} */ tag) => tag.trim().replace(/^W\//, '');
	return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}

/**
 * Creates a cache. `now` is injectable for tests.
 * @param {{ maxEntries?: number, now?: () => number }} [options]
 */
export function createResponseCache(options = {}) {
	const maxEntries = options.maxEntries ?? 500;
	const now = options.now ?? Date.now;
	/** @type {Map<string, Entry>} */
	const entries = new Map();
	/** Raised on every clear, so a render that began before a clear is not stored after it. */
	let epoch = 0;
	const stats = { hits: 0, stale: 0, misses: 0, stored: 0, clears: 0 };

	/**
	 * Whether a request may be answered from, or stored in, the cache.
	 * @param {import('node:http').IncomingMessage} req
	 */
	function eligible(req) {
		return (req.method === 'GET' || req.method === 'HEAD') && !req.headers.cookie;
	}

	/**
	 * Answers the request from the cache if it can; true when it did. An expired entry answers
	 * too (for a few seconds) while exactly one request is let through to render a new one.
	 * @param {import('node:http').IncomingMessage} req
	 * @param {import('node:http').ServerResponse} res
	 */
	function serve(req, res) {
		if (!eligible(req)) return false;
		const key = cacheKey(req.url ?? '/');
		if (key === null) return false;
		const entry = entries.get(key);
		if (!entry) {
			stats.misses++;
			return false;
		}
		const time = now();
		if (time > entry.freshUntil) {
			if (!entry.refreshing) {
				entry.refreshing = true;
				stats.misses++;
				return false;
			}
			if (time > entry.freshUntil + staleGraceMs) {
				stats.misses++;
				return false;
			}
			stats.stale++;
		} else {
			stats.hits++;
		}
		for (const [name, value] of entry.headers) res.setHeader(name, value);
		res.setHeader('X-Request-Id', randomUUID());
		res.setHeader('Vary', 'Accept-Encoding');
		const encoding = chooseEncoding(
			/** @type {string | undefined} */ (req.headers['accept-encoding'])
		);
		const body = encoding === 'br' && entry.br ? entry.br : encoding ? entry.gzip : entry.identity;
		const sent = body === entry.identity ? null : body === entry.br ? 'br' : 'gzip';
		res.setHeader('ETag', representationTag(entry.etag, sent));
		if (noneMatchHits(req.headers['if-none-match'], representationTag(entry.etag, sent))) {
			res.writeHead(304);
			res.end();
			return true;
		}
		if (sent) res.setHeader('Content-Encoding', sent);
		res.setHeader('Content-Length', body.length);
		res.writeHead(entry.status);
		res.end(req.method === 'HEAD' ? undefined : body);
		return true;
	}

	/**
	 * Records what the application writes for an eligible request and keeps it if the
	 * application opted in. Call it inside any compression layer, so the body is recorded as
	 * the application wrote it. Removes the opt-in header before it is sent.
	 * @param {import('node:http').ServerResponse} res
	 * @param {import('node:http').IncomingMessage} req
	 */
	function capture(req, res) {
		if (!eligible(req) || req.method === 'HEAD') return;
		const key = cacheKey(req.url ?? '/');
		if (key === null) return;
		const startedEpoch = epoch;
		/** @type {number | null} */
		let seconds = null;
		/** @type {[string, string | string[] | number][]} */
		let headers = [];
		/** @type {string | null} */
		let etag = null;
		/** @type {Buffer[]} */
		const chunks = [];
		let size = 0;
		let tooBig = false;
		const writeHead = res.writeHead.bind(res);
		const write = res.write.bind(res);
		const end = res.end.bind(res);
		const record = (/** @type {unknown} */ chunk, /** @type {unknown} */ encoding) => {
			if (seconds === null || tooBig || chunk == null || typeof chunk === 'function') return;
			const buffer = Buffer.isBuffer(chunk)
				? chunk
				: Buffer.from(
						/** @type {string | Uint8Array} */ (chunk),
						typeof encoding === 'string' ? /** @type {BufferEncoding} */ (encoding) : undefined
					);
			size += buffer.length;
			if (size > maxBodyBytes) tooBig = true;
			else chunks.push(buffer);
		};
		// SvelteKit sets every header with setHeader and then calls writeHead(status).
		res.writeHead = /** @type {typeof res.writeHead} */ (
			(/** @type {number} */ status, /** @type {any[]} */ ...rest) => {
				const marker = res.getHeader(sharedCacheHeader);
				if (marker !== undefined) {
					res.removeHeader(sharedCacheHeader);
					const value = Number(marker);
					const cookie = res.getHeader('set-cookie');
					if (status === 200 && Number.isFinite(value) && value > 0 && cookie === undefined) {
						seconds = value;
						const tag = res.getHeader('etag');
						etag = typeof tag === 'string' ? tag : null;
						headers = Object.entries(res.getHeaders())
							.filter(([name]) => !perResponseHeaders.has(name))
							.map(([name, value]) => [name, /** @type {string | string[] | number} */ (value)]);
					}
				}
				return writeHead(status, ...rest);
			}
		);
		res.write = /** @type {typeof res.write} */ (
			(/** @type {any} */ chunk, /** @type {any[]} */ ...rest) => {
				record(chunk, rest[0]);
				return write(chunk, ...rest);
			}
		);
		res.end = /** @type {typeof res.end} */ (
			(/** @type {any} */ chunk, /** @type {any[]} */ ...rest) => {
				record(chunk, rest[0]);
				const result = end(chunk, ...rest);
				const entry = entries.get(key);
				if (seconds !== null && !tooBig && startedEpoch === epoch) {
					store(key, seconds, res.statusCode, headers, etag, Buffer.concat(chunks));
				} else if (entry?.refreshing) {
					// The replacement could not be kept: forget the stale one rather than serve it on.
					entries.delete(key);
				}
				return result;
			}
		);
	}

	/**
	 * @param {string} key
	 * @param {number} seconds
	 * @param {number} status
	 * @param {[string, string | string[] | number][]} headers
	 * @param {string | null} etag the application's tag, so a refill keeps the same one
	 * @param {Buffer} identity
	 */
	function store(key, seconds, status, headers, etag, identity) {
		if (!entries.has(key) && entries.size >= maxEntries) {
			// The oldest inserted goes first: simple, and bounded.
			const oldest = entries.keys().next().value;
			if (oldest !== undefined) entries.delete(oldest);
		}
		/** @type {Entry} */
		const entry = {
			status,
			headers,
			identity,
			gzip: gzipSync(identity, { level: 6 }),
			br: null,
			etag: etag ?? `"${createHash('sha256').update(identity).digest('base64url').slice(0, 22)}"`,
			freshUntil: now() + seconds * 1000,
			refreshing: false
		};
		entries.delete(key);
		entries.set(key, entry);
		stats.stored++;
		// Brotli is smaller but slower to make: made off the request's path, used once ready.
		brotliCompress(
			identity,
			{ params: { [constants.BROTLI_PARAM_QUALITY]: 6 } },
			(error, compressed) => {
				if (!error && entries.get(key) === entry) entry.br = compressed;
			}
		);
	}

	function clear() {
		epoch++;
		entries.clear();
		stats.clears++;
	}

	return {
		serve,
		capture,
		/** Forgets everything, and anything being rendered now. */
		clear,
		/**
		 * For a request that may change something (any method but GET and HEAD): forgets
		 * everything once it finishes, if the application said it made a change. A refused
		 * form or a sign-in leaves the cache as it was.
		 * @param {import('node:http').ServerResponse} res
		 */
		forgetIfChanged(res) {
			let changed = false;
			const writeHead = res.writeHead.bind(res);
			res.writeHead = /** @type {typeof res.writeHead} */ (
				(/** @type {number} */ status, /** @type {any[]} */ ...rest) => {
					if (res.getHeader(changeMadeHeader) !== undefined) {
						changed = true;
						res.removeHeader(changeMadeHeader);
					}
					return writeHead(status, ...rest);
				}
			);
			res.once('finish', () => {
				if (changed) clear();
			});
		},
		/** Counters since start, for logs and benchmarks. */
		stats: () => ({ ...stats, entries: entries.size })
	};
}
