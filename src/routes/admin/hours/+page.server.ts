import { error, fail, redirect } from '@sveltejs/kit';
import { staffChange } from '$lib/server/http/staff-change';
import { db } from '$lib/server/runtime';
import {
	addWorkingHours,
	loadWorkingHours,
	removeWorkingHours
} from '$lib/server/services/working-hours';
import { formFields } from '$lib/server/http/form-fields';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.staff) error(401, 'Sign in first');
	const result = await loadWorkingHours(db(), locals.staff);
	if (result.kind === 'forbidden') error(403, 'Only the owner changes working hours');
	return result;
};

export const actions: Actions = {
	add: async (event) => {
		const { staff, context } = staffChange(event);
		const fields = await formFields(event.request, 40);
		const result = await addWorkingHours(db(), fields, staff, context);
		if (result.kind === 'forbidden') error(403, 'Only the owner changes working hours');
		if (result.kind === 'invalid') return fail(422, { errors: result.errors, values: fields });
		redirect(303, '/admin/hours?saved=1');
	},
	remove: async (event) => {
		const { staff, context } = staffChange(event);
		const id = Number((await event.request.formData()).get('id'));
		if (!Number.isSafeInteger(id) || id <= 0) return fail(422, { errors: { id: 'Not found.' } });
		const result = await removeWorkingHours(db(), id, staff, context);
		if (result.kind === 'forbidden') error(403, 'Only the owner changes working hours');
		redirect(303, '/admin/hours?removed=1');
	}
};
