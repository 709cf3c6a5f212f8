import { error } from '@sveltejs/kit';
import { db } from '$lib/server/runtime';
import { loadArticleList } from '$lib/server/services/article-editor';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.staff) error(401, 'Sign in first');
	const result = await loadArticleList(db(), locals.staff);
	if (result.kind === 'forbidden') error(403, 'Only the owner edits articles');
	return result;
};
