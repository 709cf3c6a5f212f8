import { error } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import { db } from '$lib/server/runtime';
import { formFields } from '$lib/server/http/form-fields';
import { settingsAnswer } from '$lib/server/http/settings-action';
import { staffChange } from '$lib/server/http/staff-change';
import {
	addLocationHours,
	loadLocationSettings,
	removeLocationHours,
	updateLocation
} from '$lib/server/services/location-settings';
import { addLocation } from '$lib/server/services/clinic-setup';
import type { Actions, PageServerLoad } from './$types';

const page = '/admin/settings/locations';

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.staff) error(401, 'Sign in first');
	const result = await loadLocationSettings(db(), locals.staff, Temporal.Now.instant());
	if (result.kind === 'forbidden') error(403, 'Only the owner changes settings');
	return result;
};

export const actions: Actions = {
	add: async (event) => {
		const { staff, context } = staffChange(event);
		const fields = await formFields(event.request, 2000);
		const result = await addLocation(db(), fields, staff, context);
		return settingsAnswer(result, { name: 'add', values: fields, savedTo: `${page}?saved=added` });
	},
	details: async (event) => {
		const { staff, context } = staffChange(event);
		// Directions may run to a long paragraph.
		const fields = await formFields(event.request, 2000);
		const result = await updateLocation(db(), fields, staff, context);
		return settingsAnswer(result, {
			name: `details-${fields.id}`,
			values: fields,
			savedTo: `${page}?saved=details`
		});
	},
	addHours: async (event) => {
		const { staff, context } = staffChange(event);
		const fields = await formFields(event.request, 40);
		const result = await addLocationHours(db(), fields, staff, context);
		return settingsAnswer(result, {
			name: `hours-${fields.location}`,
			values: fields,
			savedTo: `${page}?saved=hours`
		});
	},
	removeHours: async (event) => {
		const { staff, context } = staffChange(event);
		const fields = await formFields(event.request, 40);
		const result = await removeLocationHours(db(), fields, staff, context);
		return settingsAnswer(result, {
			name: 'remove-hours',
			values: fields,
			savedTo: `${page}?saved=removed`
		});
	}
};
