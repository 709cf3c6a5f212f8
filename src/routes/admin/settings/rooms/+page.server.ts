import { error } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import { db } from '$lib/server/runtime';
import { formFields } from '$lib/server/http/form-fields';
import { settingsAnswer } from '$lib/server/http/settings-action';
import { staffChange } from '$lib/server/http/staff-change';
import {
	addRoom,
	loadRoomSettings,
	setRoomRetired,
	updateRoom
} from '$lib/server/services/room-settings';
import type { Actions, PageServerLoad } from './$types';

const page = '/admin/settings/rooms';

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.staff) error(401, 'Sign in first');
	const result = await loadRoomSettings(db(), locals.staff, Temporal.Now.instant());
	if (result.kind === 'forbidden') error(403, 'Only the owner changes settings');
	return result;
};

export const actions: Actions = {
	add: async (event) => {
		const { staff, context } = staffChange(event);
		const fields = await formFields(event.request, 100);
		const result = await addRoom(db(), fields, staff, context);
		return settingsAnswer(result, { name: 'add', values: fields, savedTo: `${page}?saved=added` });
	},
	update: async (event) => {
		const { staff, context } = staffChange(event);
		const fields = await formFields(event.request, 100);
		const result = await updateRoom(db(), fields, staff, context);
		return settingsAnswer(result, {
			name: `room-${fields.id}`,
			values: fields,
			savedTo: `${page}?saved=room`
		});
	},
	retire: async (event) => {
		const { staff, context } = staffChange(event);
		const fields = await formFields(event.request, 40);
		const result = await setRoomRetired(db(), fields, true, staff, context);
		return settingsAnswer(result, {
			name: `room-${fields.id}`,
			values: fields,
			savedTo: `${page}?saved=retired`
		});
	},
	reinstate: async (event) => {
		const { staff, context } = staffChange(event);
		const fields = await formFields(event.request, 40);
		const result = await setRoomRetired(db(), fields, false, staff, context);
		return settingsAnswer(result, {
			name: `room-${fields.id}`,
			values: fields,
			savedTo: `${page}?saved=reinstated`
		});
	}
};
