import { error, fail, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/runtime';
import { readFormValues } from '$lib/server/http/form-values';
import { staffChange } from '$lib/server/http/staff-change';
import {
	loadInvitationPolicySettings,
	saveInvitationPolicy
} from '$lib/server/services/testimonial-moderation';
import type { Actions, PageServerLoad } from './$types';

const refusal = 'Only the owner changes settings';

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.staff) error(401, 'Sign in first');
	const result = await loadInvitationPolicySettings(db(), locals.staff);
	if (result.kind === 'forbidden') error(403, refusal);
	return result;
};

export const actions: Actions = {
	save: async (event) => {
		const { staff, context } = staffChange(event);
		const fields = await readFormValues(event.request, { maxLength: 20, maxValues: 120 });
		const result = await saveInvitationPolicy(db(), staff, fields, context);
		switch (result.kind) {
			case 'forbidden':
				return error(403, refusal);
			case 'not_found':
				return error(404, 'Not found');
			case 'invalid':
				return fail(422, { errors: result.errors, values: fields });
			case 'refused':
				return fail(409, { message: result.message, values: fields });
			case 'saved':
				return redirect(303, '/admin/testimonials/policy?saved=policy');
		}
	}
};
