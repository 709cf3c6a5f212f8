import { error, redirect } from '@sveltejs/kit';
import { staffChange } from '$lib/server/http/staff-change';
import { db } from '$lib/server/runtime';
import {
	addShippedConditionDrafts,
	loadConditionPageList
} from '$lib/server/services/condition-editor';
import type { Actions, PageServerLoad } from './$types';

const refusal = 'Only the owner edits condition pages';

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.staff) error(401, 'Sign in first');
	const result = await loadConditionPageList(db(), locals.staff);
	if (result.kind === 'forbidden') error(403, refusal);
	return result;
};

export const actions: Actions = {
	shipped: async (event) => {
		const { staff, context } = staffChange(event);
		const result = await addShippedConditionDrafts(db(), staff, context);
		if (result.kind === 'forbidden') error(403, refusal);
		if (result.kind === 'not_found') error(404, 'Not found');
		redirect(303, '/admin/conditions?saved=shipped');
	}
};
