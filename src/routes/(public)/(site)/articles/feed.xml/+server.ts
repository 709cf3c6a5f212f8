import { atomFeed } from '$lib/domain/content/feeds';
import { db, runtime } from '$lib/server/runtime';
import { loadArticleList, loadSiteShell } from '$lib/server/services/public-site';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async () => {
	const [shell, articles] = await Promise.all([loadSiteShell(db()), loadArticleList(db())]);
	const body = atomFeed(runtime().config.origin.origin, shell.clinic.name, articles);
	return new Response(body, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
