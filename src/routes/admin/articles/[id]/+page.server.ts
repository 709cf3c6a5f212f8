import { error, redirect } from '@sveltejs/kit';
import { staffChange } from '$lib/server/http/staff-change';
import { db } from '$lib/server/runtime';
import { loadArticleEditor, unpublishArticle } from '$lib/server/services/article-editor';
import { articleEditorActions } from '../article-actions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	if (!locals.staff) error(401, 'Sign in first');
	const result = await loadArticleEditor(db(), locals.staff, params.id);
	if (result.kind === 'forbidden') error(403, 'Only the owner edits articles');
	if (result.kind === 'not_found') error(404, 'Not found');
	return result;
};

export const actions: Actions = {
	...articleEditorActions,
	unpublish: async (event) => {
		const { staff, context } = staffChange(event);
		const result = await unpublishArticle(db(), staff, event.params.id, context);
		if (result.kind === 'forbidden') error(403, 'Only the owner edits articles');
		if (result.kind === 'not_found') error(404, 'Not found');
		redirect(303, `/admin/articles/${result.id}?done=unpublished`);
	}
};
