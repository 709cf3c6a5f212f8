import { error, fail, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/runtime';
import { formFields } from '$lib/server/http/form-fields';
import { staffChange } from '$lib/server/http/staff-change';
import { addPractitioner } from '$lib/server/services/clinic-setup';
import { listPractitionerSettings } from '$lib/server/services/practitioner-settings';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.staff) error(401, 'Sign in first');
	const result = await listPractitionerSettings(db(), locals.staff);
	if (result.kind === 'forbidden') error(403, 'Only the owner changes settings');
	return result;
};

export const actions: Actions = {
	add: async (event) => {
		const { staff, context } = staffChange(event);
		// The biography may run to several paragraphs.
		const fields = await formFields(event.request, 10_000);
		const result = await addPractitioner(db(), fields, staff, context);
		if (result.kind === 'forbidden') error(403, 'Only the owner changes settings');
		if (result.kind === 'invalid') {
			return fail(422, { form: 'add', errors: result.errors, values: fields });
		}
		if (result.kind !== 'added') error(404, 'Not found');
		// Next: their weekly hours.
		redirect(303, `/admin/hours?saved=practitioner-added#hours-${result.id}`);
	}
};
