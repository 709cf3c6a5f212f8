import { error, fail, redirect } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import { db } from '$lib/server/runtime';
import { readFormValues } from '$lib/server/http/form-values';
import { staffChange } from '$lib/server/http/staff-change';
import {
	enterLegacyTestimonial,
	loadLegacyEntryForm
} from '$lib/server/services/testimonial-moderation';
import type { Actions, PageServerLoad } from './$types';

const forbidden = 'Your role cannot moderate testimonials';

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.staff) error(401, 'Sign in first');
	const result = await loadLegacyEntryForm(db(), locals.staff, Temporal.Now.instant());
	if (result.kind === 'forbidden') error(403, forbidden);
	return result;
};

export const actions: Actions = {
	enter: async (event) => {
		const { staff, context } = staffChange(event);
		// One character over the words' limit, so the service can say so instead of cutting.
		const fields = await readFormValues(event.request, { maxLength: 2001, maxValues: 5 });
		const result = await enterLegacyTestimonial(db(), staff, fields, context);
		switch (result.kind) {
			case 'forbidden':
				return error(403, forbidden);
			case 'invalid':
				return fail(422, { errors: result.errors, values: result.values });
			case 'saved':
				return redirect(303, `/admin/testimonials/entries?entered=${result.id}`);
		}
	}
};
