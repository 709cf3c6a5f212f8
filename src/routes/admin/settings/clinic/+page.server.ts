import { error } from '@sveltejs/kit';
import { db } from '$lib/server/runtime';
import { formFields } from '$lib/server/http/form-fields';
import { settingsAnswer } from '$lib/server/http/settings-action';
import { staffChange } from '$lib/server/http/staff-change';
import {
	loadClinicProfile,
	updateClinicProfile
} from '$lib/server/services/clinic-profile-settings';
import {
	loadClinicalAccess,
	updateClinicalAccess
} from '$lib/server/services/clinical-access-settings';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.staff) error(401, 'Sign in first');
	const result = await loadClinicProfile(db(), locals.staff);
	if (result.kind === 'forbidden') error(403, 'Only the owner changes settings');
	const access = await loadClinicalAccess(db(), locals.staff);
	return { ...result, ownPatientsOnly: access.kind === 'ok' && access.ownPatientsOnly };
};

export const actions: Actions = {
	profile: async (event) => {
		const { staff, context } = staffChange(event);
		// The description may run to a long paragraph.
		const fields = await formFields(event.request, 2000);
		const result = await updateClinicProfile(db(), fields, staff, context);
		return settingsAnswer(result, {
			name: 'profile',
			values: fields,
			savedTo: '/admin/settings/clinic?saved=profile'
		});
	},
	clinicalAccess: async (event) => {
		const { staff, context } = staffChange(event);
		const fields = await formFields(event.request, 20);
		const result = await updateClinicalAccess(db(), fields, staff, context);
		return settingsAnswer(result, {
			name: 'clinicalAccess',
			values: fields,
			savedTo: '/admin/settings/clinic?saved=clinicalAccess'
		});
	}
};
