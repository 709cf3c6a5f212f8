import { error } from '@sveltejs/kit';
import { db } from '$lib/server/runtime';
import { loadArticleEditor } from '$lib/server/services/article-editor';
import { articleEditorActions } from '../article-actions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.staff) error(401, 'Sign in first');
	const result = await loadArticleEditor(db(), locals.staff, null);
	if (result.kind === 'forbidden') error(403, 'Only the owner edits articles');
	if (result.kind === 'not_found') error(404, 'Not found');
	return result;
};

export const actions: Actions = articleEditorActions;
