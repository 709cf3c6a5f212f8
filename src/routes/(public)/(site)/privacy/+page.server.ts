import { error } from '@sveltejs/kit';
import { db } from '$lib/server/runtime';
import { loadSitePage } from '$lib/server/services/public-site';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const page = await loadSitePage(db(), 'privacy');
	if (!page) error(404, 'Not found');
	return page;
};
