import { error, type RequestEvent } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import { db, runtime } from '$lib/server/runtime';
import { withinFormRateLimit } from '$lib/server/services/rate-limit';

/** What a refused post is told (the error page shows it with the clinic's phone). */
export const tooManyPostsMessage =
	'We received many forms from your connection in a short time, so we did not save this one. Please wait a few minutes and try again, or call us.';

/**
 * The first line of every public form action that writes (ADR 0033): counts this post per
 * form and client address, and per form and link when the route has a `token`, against
 * `FORM_RATE_LIMIT`. Over the limit it stops the action with a 429 page (and `Retry-After`)
 * before anything is read or written; the refused post itself is not counted either.
 */
export async function limitFormPosts(
	event: Pick<RequestEvent, 'getClientAddress' | 'params' | 'route' | 'setHeaders'>
): Promise<void> {
	const rule = runtime().config.formRateLimit;
	const params = event.params as Record<string, string | undefined>;
	const allowed = await withinFormRateLimit(
		db(),
		{
			form: event.route.id ?? 'unknown',
			clientAddress: event.getClientAddress(),
			token: params.token ?? null
		},
		{ ...rule, now: Temporal.Now.instant() }
	);
	if (allowed) return;
	event.setHeaders({ 'Retry-After': String(rule.windowSeconds), 'Cache-Control': 'no-store' });
	error(429, { message: tooManyPostsMessage, tooMany: true });
}
