import { error } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import { db } from '$lib/server/runtime';
import { loadConditionPage } from '$lib/server/services/public-site';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => {
	const page = await loadConditionPage(db(), params.slug, Temporal.Now.instant());
	if (!page) error(404, 'Not found');
	return page;
};
