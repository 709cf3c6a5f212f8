import { Temporal } from 'temporal-polyfill';
import { apiBodyRefusal } from '$lib/server/http/api-body.js';
import { toResponse } from '$lib/server/http/api-response';
import { db, runtime } from '$lib/server/runtime';
import { apiCreateBooking } from '$lib/server/services/public-api';
import type { RequestHandler } from './$types';

/** Bodies larger than this are refused before parsing: a booking is a few hundred bytes. */
const maxBodyBytes = 16_384;

export const POST: RequestHandler = async ({ request, url, getClientAddress, locals }) => {
	// JSON only (scripts/serve.js refuses other types first; this also covers a missing type).
	const refusal = apiBodyRefusal(
		'POST',
		url.pathname,
		request.headers.get('content-type') ?? 'none'
	);
	if (refusal) return toResponse(refusal);
	const rawBody = await request.text();
	if (rawBody.length > maxBodyBytes) {
		return toResponse({
			status: 413,
			body: { error: 'too_large', message: 'The body is too large.' }
		});
	}
	const answer = await apiCreateBooking(
		db(),
		{
			rawBody,
			idempotencyKey: request.headers.get('idempotency-key'),
			clientAddress: getClientAddress(),
			requestId: locals.requestId
		},
		{
			now: Temporal.Now.instant(),
			origin: runtime().config.origin,
			rateLimit: runtime().config.bookingRateLimit
		}
	);
	if (answer.status === 201) runtime().outbox?.nudge();
	return toResponse(answer);
};
