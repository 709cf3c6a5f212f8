import { error } from '@sveltejs/kit';
import { db } from '$lib/server/runtime';
import { loadArticlePage } from '$lib/server/services/public-site';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => {
	const page = await loadArticlePage(db(), params.slug);
	if (!page) error(404, 'Not found');
	return page;
};
