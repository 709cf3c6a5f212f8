import { error, fail, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/runtime';
import { formFields } from '$lib/server/http/form-fields';
import { staffChange } from '$lib/server/http/staff-change';
import {
	loadConsentSettings,
	previewConsentText,
	publishConsentText
} from '$lib/server/services/consent';
import type { Actions, PageServerLoad } from './$types';

const refusal = 'Only the owner changes settings';
// One character over the form's limit, so the service can say so instead of cutting silently.
const readFields = (request: Request) => formFields(request, 20_001);

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.staff) error(401, 'Sign in first');
	const result = await loadConsentSettings(db(), locals.staff);
	if (result.kind === 'forbidden') error(403, refusal);
	return result;
};

export const actions: Actions = {
	preview: async (event) => {
		const { staff } = staffChange(event);
		const result = await previewConsentText(db(), staff, await readFields(event.request));
		if (result.kind === 'forbidden') error(403, refusal);
		return result;
	},
	publish: async (event) => {
		const { staff, context } = staffChange(event);
		const result = await publishConsentText(db(), staff, await readFields(event.request), context);
		switch (result.kind) {
			case 'forbidden':
				return error(403, refusal);
			case 'invalid':
				return fail(422, {
					kind: 'invalid' as const,
					values: result.values,
					errors: result.errors
				});
			case 'blocked':
				return fail(422, {
					kind: 'blocked' as const,
					values: result.values,
					review: result.review
				});
			case 'refused':
				return fail(409, {
					kind: 'refused' as const,
					values: result.values,
					message: result.message
				});
			case 'published':
				return redirect(303, `/admin/settings/consent?published=${result.version}`);
		}
	}
};
