import { error } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import { db, runtime } from '$lib/server/runtime';
import { loadPractitionerFeed } from '$lib/server/services/practitioner-feed';
import type { RequestHandler } from './$types';

/** A practitioner's schedule feed at a secret URL: `/calendar/<token>.ics`. */
export const GET: RequestHandler = async ({ params }) => {
	const token = params.file.endsWith('.ics') ? params.file.slice(0, -4) : '';
	const feed = await loadPractitionerFeed(db(), token, {
		now: Temporal.Now.instant(),
		origin: runtime().config.origin
	});
	if (!feed) error(404, 'Not found');
	return new Response(feed, {
		headers: {
			'Content-Type': 'text/calendar; charset=utf-8',
			'Cache-Control': 'private, no-store',
			'X-Robots-Tag': 'noindex'
		}
	});
};
