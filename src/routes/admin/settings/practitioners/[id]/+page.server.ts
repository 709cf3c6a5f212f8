import { error } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import { db } from '$lib/server/runtime';
import { formFields } from '$lib/server/http/form-fields';
import { settingsAnswer } from '$lib/server/http/settings-action';
import { staffChange } from '$lib/server/http/staff-change';
import {
	loadPractitionerSettings,
	updatePractitionerActive,
	updatePractitionerProfile,
	updatePractitionerServices
} from '$lib/server/services/practitioner-settings';
import type { Actions, PageServerLoad } from './$types';

/** The practitioner's id from the path; the services answer not found for anything else. */
const practitionerId = (text: string) => (/^\d{1,9}$/.test(text) ? Number(text) : NaN);

export const load: PageServerLoad = async ({ locals, params }) => {
	if (!locals.staff) error(401, 'Sign in first');
	const id = practitionerId(params.id);
	const result = await loadPractitionerSettings(db(), locals.staff, id, Temporal.Now.instant());
	if (result.kind === 'forbidden') error(403, 'Only the owner changes settings');
	if (result.kind === 'not_found') error(404, 'Not found');
	return result;
};

export const actions: Actions = {
	profile: async (event) => {
		const { staff, context } = staffChange(event);
		const id = practitionerId(event.params.id);
		// The biography is Markdown and may be long.
		const fields = await formFields(event.request, 12_000);
		const result = await updatePractitionerProfile(db(), id, fields, staff, context);
		return settingsAnswer(result, {
			name: 'profile',
			values: fields,
			savedTo: `/admin/settings/practitioners/${id}?saved=profile`
		});
	},
	services: async (event) => {
		const { staff, context } = staffChange(event);
		const id = practitionerId(event.params.id);
		const fields = await formFields(event.request, 10);
		const result = await updatePractitionerServices(db(), id, fields, staff, context);
		return settingsAnswer(result, {
			name: 'services',
			values: fields,
			savedTo: `/admin/settings/practitioners/${id}?saved=services`
		});
	},
	active: async (event) => {
		const { staff, context } = staffChange(event);
		const id = practitionerId(event.params.id);
		const fields = await formFields(event.request, 10);
		const result = await updatePractitionerActive(db(), id, fields, staff, context);
		return settingsAnswer(result, {
			name: 'active',
			values: fields,
			savedTo: `/admin/settings/practitioners/${id}?saved=${fields.active === 'yes' ? 'activated' : 'deactivated'}`
		});
	}
};
