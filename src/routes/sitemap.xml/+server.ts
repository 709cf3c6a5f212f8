import { sitemapXml } from '$lib/domain/content/feeds';
import { db, runtime } from '$lib/server/runtime';
import { publishedOutcomeSummaryDate } from '$lib/server/services/outcome-report';
import { loadSiteIndex } from '$lib/server/services/public-site';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async () => {
	const [index, outcomeSummaryOn] = await Promise.all([
		loadSiteIndex(db()),
		publishedOutcomeSummaryDate(db())
	]);
	const body = sitemapXml(runtime().config.origin.origin, { ...index, outcomeSummaryOn });
	return new Response(body, { headers: { 'Content-Type': 'application/xml; charset=utf-8' } });
};
