// One answer per representation for requests the cache did not answer (RFC 9110): the
// encoding is chosen once, here, so static files, compressed pages and cached copies agree;
// each encoding has its own entity tag; a HEAD carries the headers its GET would.
import { chooseEncoding, representationTag } from './response-cache.js';

/**
 * Prepares a request and its response before compression and the application see them.
 * - Accept-Encoding is replaced by the single encoding chosen (or `identity`), so the static
 *   file handler, which does not read `q=0`, cannot send an encoding the client refused.
 * - A HEAD is handled as its GET (Node sends no body for it), so compression and length
 *   headers are the GET's.
 * - The application's ETag is given the encoding's suffix when the body is compressed, and a
 *   client's suffixed tag is matched against the content's, so 304 answers keep working.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
export function prepareRepresentation(req, res) {
	const encoding = chooseEncoding(
		/** @type {string | undefined} */ (req.headers['accept-encoding'])
	);
	req.headers['accept-encoding'] = encoding ?? 'identity';
	if (req.method === 'HEAD') req.method = 'GET';

	const ifNoneMatch = req.headers['if-none-match'];
	let askedForEncoded = false;
	if (encoding && ifNoneMatch) {
		const suffix = `-${encoding}"`;
		req.headers['if-none-match'] = ifNoneMatch
			.split(',')
			.map((tag) => {
				const trimmed = tag.trim();
				if (!trimmed.endsWith(suffix)) return trimmed;
				askedForEncoded = true;
				return `${trimmed.slice(0, -suffix.length)}"`;
			})
			.join(', ');
	}

	const writeHead = res.writeHead.bind(res);
	res.writeHead = /** @type {typeof res.writeHead} */ (
		(/** @type {number} */ status, /** @type {any[]} */ ...rest) => {
			const etag = res.getHeader('etag');
			if (typeof etag === 'string') {
				const sent = res.getHeader('content-encoding');
				const applied =
					sent === 'gzip' || sent === 'br'
						? sent
						: status === 304 && askedForEncoded
							? encoding
							: null;
				res.setHeader('ETag', representationTag(etag, applied));
			}
			return writeHead(status, ...rest);
		}
	);
}
