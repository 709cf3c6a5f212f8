/**
 * The JSON API reads request bodies as `application/json` only. A body of any other declared
 * type is refused with 415 and a JSON answer, before SvelteKit sees the request: SvelteKit's
 * own CSRF check would otherwise answer a form-like type (urlencoded, multipart, text/plain)
 * with a plain-text 403 when it comes from another site, and an integration that forgot the
 * header with the same misleading "Cross-site POST form submissions are forbidden". Requiring
 * JSON also keeps the API out of reach of cross-site HTML forms, which cannot send it, while
 * a cross-site `fetch` of JSON needs a CORS preflight the API never grants.
 * Plain JavaScript so that scripts/serve.js, which runs without a build step, uses it too.
 * @param {string | undefined} method
 * @param {string} pathname
 * @param {string | null | undefined} contentType
 * @returns {{ status: 415, body: { error: string, message: string } } | null}
 */
export function apiBodyRefusal(method, pathname, contentType) {
	if (!pathname.startsWith('/api/')) return null;
	if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return null;
	// A request without a body (a DELETE, say) carries no type: the route answers it.
	if (!contentType) return null;
	const type = contentType.split(';')[0]?.trim().toLowerCase();
	if (type === 'application/json') return null;
	return {
		status: 415,
		body: {
			error: 'unsupported_media_type',
			message: 'Send the request body as application/json.'
		}
	};
}
