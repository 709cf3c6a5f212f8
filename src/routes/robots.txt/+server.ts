import { runtime } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = () => {
	const origin = runtime().config.origin.origin;
	const body = [
		'User-agent: *',
		'Disallow: /admin',
		'Disallow: /api/',
		'',
		`Sitemap: ${origin}/sitemap.xml`,
		''
	].join('\n');
	return new Response(body, { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
};
