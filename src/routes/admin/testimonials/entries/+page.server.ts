import { error, fail, redirect } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import { db } from '$lib/server/runtime';
import { formFields } from '$lib/server/http/form-fields';
import { idParam } from '$lib/server/http/id-param';
import { staffChange } from '$lib/server/http/staff-change';
import {
	loadLegacyEntries,
	withdrawLegacyTestimonial
} from '$lib/server/services/testimonial-moderation';
import type { Actions, PageServerLoad } from './$types';

const forbidden = 'Your role cannot moderate testimonials';

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.staff) error(401, 'Sign in first');
	const result = await loadLegacyEntries(db(), locals.staff, Temporal.Now.instant());
	if (result.kind === 'forbidden') error(403, forbidden);
	return result;
};

export const actions: Actions = {
	withdraw: async (event) => {
		const { staff, context } = staffChange(event);
		const fields = await formFields(event.request, 600);
		const id = idParam(fields.id ?? '');
		const result = await withdrawLegacyTestimonial(db(), staff, id, fields, context);
		switch (result.kind) {
			case 'forbidden':
				return error(403, forbidden);
			case 'not_found':
				return error(404, 'Not found');
			case 'invalid':
				return fail(422, { form: `withdraw-${id}`, errors: result.errors, values: result.values });
			case 'refused':
				return fail(409, {
					form: `withdraw-${id}`,
					message: result.message,
					values: result.values
				});
			case 'withdrawn':
				return redirect(303, '/admin/testimonials/entries?saved=withdrawn');
		}
	}
};
