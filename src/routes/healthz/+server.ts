import { json } from '@sveltejs/kit';
import { runtime } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

/** 200 when the database answers, 503 otherwise; for load balancers and uptime checks. */
export const GET: RequestHandler = async () => {
	const healthy = await runtime().database.ping();
	return json(healthy ? { status: 'ok' } : { status: 'unavailable' }, {
		status: healthy ? 200 : 503,
		headers: { 'Cache-Control': 'no-store' }
	});
};
