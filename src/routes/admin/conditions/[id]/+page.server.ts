import { error, fail, redirect } from '@sveltejs/kit';
import { conditionLimits } from '$lib/domain/content/condition-page';
import { formFields } from '$lib/server/http/form-fields';
import { staffChange } from '$lib/server/http/staff-change';
import { db } from '$lib/server/runtime';
import {
	loadConditionEditor,
	saveConditionPage,
	unpublishConditionPage
} from '$lib/server/services/condition-editor';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const refusal = 'Only the owner edits condition pages';

export const load: PageServerLoad = async ({ locals, params }) => {
	if (!locals.staff) error(401, 'Sign in first');
	const result = await loadConditionEditor(db(), locals.staff, params.id);
	if (result.kind === 'forbidden') error(403, refusal);
	if (result.kind === 'not_found') error(404, 'Not found');
	return result;
};

function saving(intent: 'save' | 'publish') {
	return async (event: RequestEvent) => {
		const { staff, context } = staffChange(event);
		// One character over the limit lets the service say so instead of cutting the text.
		const fields = await formFields(event.request, conditionLimits.body + 1);
		const result = await saveConditionPage(db(), staff, event.params.id, fields, intent, context);
		if (result.kind === 'forbidden') error(403, refusal);
		if (result.kind === 'not_found') error(404, 'Not found');
		if (result.kind === 'invalid') {
			return fail(422, { intent, values: result.values, errors: result.errors });
		}
		redirect(303, `/admin/conditions/${result.id}?done=${result.event}`);
	};
}

export const actions: Actions = {
	save: saving('save'),
	publish: saving('publish'),
	unpublish: async (event) => {
		const { staff, context } = staffChange(event);
		const result = await unpublishConditionPage(db(), staff, event.params.id, context);
		if (result.kind === 'forbidden') error(403, refusal);
		if (result.kind === 'not_found') error(404, 'Not found');
		redirect(303, `/admin/conditions/${result.id}?done=unpublished`);
	}
};
