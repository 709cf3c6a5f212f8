import type { ApiResponse } from '../services/public-api';

/** Serialises a service's API answer; API responses are never cached by shared caches. */
export function toResponse(answer: ApiResponse): Response {
	return new Response(JSON.stringify(answer.body), {
		status: answer.status,
		headers: {
			'Content-Type': 'application/json; charset=utf-8',
			'Cache-Control': 'no-store',
			...answer.headers
		}
	});
}
