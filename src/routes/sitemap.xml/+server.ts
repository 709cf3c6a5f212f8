import { sitemapXml } from '$lib/domain/content/feeds';
import { db, runtime } from '$lib/server/runtime';
import { loadSiteIndex } from '$lib/server/services/public-site';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async () => {
	const index = await loadSiteIndex(db());
	const body = sitemapXml(runtime().config.origin.origin, index);
	return new Response(body, { headers: { 'Content-Type': 'application/xml; charset=utf-8' } });
};
