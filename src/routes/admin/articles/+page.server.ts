import { error } from '@sveltejs/kit';
import { db } from '$lib/server/runtime';
import { formFields } from '$lib/server/http/form-fields';
import { settingsAnswer } from '$lib/server/http/settings-action';
import { staffChange } from '$lib/server/http/staff-change';
import { loadArticleList } from '$lib/server/services/article-editor';
import { addShippedArticleDrafts } from '$lib/server/services/shipped-articles';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.staff) error(401, 'Sign in first');
	const result = await loadArticleList(db(), locals.staff);
	if (result.kind === 'forbidden') error(403, 'Only the owner edits articles');
	return result;
};

export const actions: Actions = {
	shipped: async (event) => {
		const { staff, context } = staffChange(event);
		const fields = await formFields(event.request, 40);
		const result = await addShippedArticleDrafts(db(), fields, staff, context);
		return settingsAnswer(result, {
			name: 'shipped',
			values: fields,
			savedTo: '/admin/articles?saved=shipped'
		});
	}
};
