/*
 * Which answers are the same for every visitor and may be reused for a moment by the response
 * cache in front of the application (scripts/lib/response-cache.js, ADR 0026). An answer is
 * opted in with a header the cache removes; the cache then reuses it for cookie-less GET
 * requests for `sharedCacheSeconds`, and forgets everything whenever this instance makes a
 * change (a request that wrote to a table a shared page may read: db/change-tracking.ts,
 * ADR 0039). So a second is the longest another instance's change takes to show here. Token links, the booking steps, the workspace and health checks are never listed.
 */

/** How long an opted-in answer may be reused. */
export const sharedCacheSeconds = 1;

export { changeMadeHeader, sharedCacheHeader } from './shared-cache-header.js';

/** SvelteKit route ids whose GET answers are the same for everyone. */
const sameForEveryone: ReadonlySet<string> = new Set([
	'/(public)/(site)',
	'/(public)/(site)/about',
	'/(public)/(site)/articles',
	'/(public)/(site)/articles/[slug]',
	'/(public)/(site)/articles/feed.xml',
	'/(public)/(site)/back-pain-check',
	'/(public)/(site)/conditions',
	'/(public)/(site)/conditions/[slug]',
	'/(public)/(site)/contact',
	'/(public)/(site)/outcomes',
	'/(public)/(site)/practitioners',
	'/(public)/(site)/practitioners/[slug]',
	'/(public)/(site)/privacy',
	'/(public)/(site)/services',
	'/(public)/(site)/testimonials',
	'/api/v1/availability',
	'/api/v1/locations',
	'/api/v1/practitioners',
	'/api/v1/services',
	'/api/v1/openapi.json',
	'/robots.txt',
	'/sitemap.xml'
]);

/**
 * Whether an answer may be shared: a cookie-less GET of a listed route, answered 200 without
 * setting a cookie or saying it is private.
 */
export function mayShareAnswer(
	request: { method: string; headers: Headers },
	routeId: string | null,
	response: { status: number; headers: Headers }
): boolean {
	return (
		request.method === 'GET' &&
		!request.headers.has('cookie') &&
		routeId !== null &&
		sameForEveryone.has(routeId) &&
		response.status === 200 &&
		!response.headers.has('set-cookie') &&
		!/\bprivate\b/i.test(response.headers.get('cache-control') ?? '')
	);
}
