import { error, fail, redirect } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import { staffChange } from '$lib/server/http/staff-change';
import { db } from '$lib/server/runtime';
import { addTimeOff, loadTimeOff, removeTimeOff } from '$lib/server/services/time-off';
import { formFields } from '$lib/server/http/form-fields';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.staff) error(401, 'Sign in first');
	const result = await loadTimeOff(db(), locals.staff, Temporal.Now.instant());
	if (result.kind === 'forbidden') error(403, 'Only the owner manages time off');
	return result;
};

export const actions: Actions = {
	add: async (event) => {
		const { staff, context } = staffChange(event);
		const fields = await formFields(event.request, 300);
		const result = await addTimeOff(db(), fields, staff, context);
		if (result.kind === 'forbidden') error(403, 'Only the owner manages time off');
		if (result.kind === 'invalid') return fail(422, { errors: result.errors, values: fields });
		redirect(303, '/admin/time-off?saved=1');
	},
	remove: async (event) => {
		const { staff, context } = staffChange(event);
		const id = Number((await event.request.formData()).get('id'));
		if (!Number.isSafeInteger(id) || id <= 0) return fail(422, { errors: { id: 'Not found.' } });
		const result = await removeTimeOff(db(), id, staff, context);
		if (result.kind === 'forbidden') error(403, 'Only the owner manages time off');
		redirect(303, '/admin/time-off?removed=1');
	}
};
