import { error } from '@sveltejs/kit';
import { db } from '$lib/server/runtime';
import { loadPublishedOutcomeSummary } from '$lib/server/services/outcome-report';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const summary = await loadPublishedOutcomeSummary(db());
	if (!summary) error(404, 'Not found');
	return summary;
};
