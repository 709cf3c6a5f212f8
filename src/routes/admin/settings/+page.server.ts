import { error, fail, redirect } from '@sveltejs/kit';
import { staffChange } from '$lib/server/http/staff-change';
import { db } from '$lib/server/runtime';
import {
	loadClinicSettings,
	updateBookingPolicy,
	updateService
} from '$lib/server/services/clinic-settings';
import { formFields } from '$lib/server/http/form-fields';
import { settingsAnswer } from '$lib/server/http/settings-action';
import { addService } from '$lib/server/services/clinic-setup';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.staff) error(401, 'Sign in first');
	const result = await loadClinicSettings(db(), locals.staff);
	if (result.kind === 'forbidden') error(403, 'Only the owner changes settings');
	return result;
};

export const actions: Actions = {
	addService: async (event) => {
		const { staff, context } = staffChange(event);
		const fields = await formFields(event.request);
		const result = await addService(db(), fields, staff, context);
		return settingsAnswer(result, {
			name: 'add-service',
			values: fields,
			savedTo: '/admin/settings?saved=service-added#services'
		});
	},
	policy: async (event) => {
		const { staff, context } = staffChange(event);
		const fields = await formFields(event.request);
		const result = await updateBookingPolicy(db(), fields, staff, context);
		if (result.kind === 'forbidden') error(403, 'Only the owner changes settings');
		if (result.kind === 'invalid') return fail(422, { form: 'policy', errors: result.errors });
		redirect(303, '/admin/settings?saved=policy');
	},
	service: async (event) => {
		const { staff, context } = staffChange(event);
		const fields = await formFields(event.request);
		const result = await updateService(db(), fields, staff, context);
		if (result.kind === 'forbidden') error(403, 'Only the owner changes settings');
		if (result.kind === 'not_found') error(404, 'Not found');
		if (result.kind === 'invalid') {
			return fail(422, { form: `service-${fields.id}`, errors: result.errors });
		}
		redirect(303, `/admin/settings?saved=service-${fields.id}`);
	}
};
