import { error } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import { db, runtime } from '$lib/server/runtime';
import { formFields } from '$lib/server/http/form-fields';
import { settingsAnswer } from '$lib/server/http/settings-action';
import { staffChange } from '$lib/server/http/staff-change';
import { loadBackupSettings, updateRetentionPolicy } from '$lib/server/services/backup-settings';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.staff) error(401, 'Sign in first');
	const result = await loadBackupSettings(db(), locals.staff, {
		dialect: runtime().database.dialect,
		now: Temporal.Now.instant()
	});
	if (result.kind === 'forbidden') error(403, 'Only the owner changes settings');
	return result;
};

export const actions: Actions = {
	retention: async (event) => {
		const { staff, context } = staffChange(event);
		const fields = await formFields(event.request);
		const result = await updateRetentionPolicy(db(), fields, staff, context);
		return settingsAnswer(result, {
			name: 'retention',
			values: fields,
			savedTo: '/admin/settings/backups?saved=retention'
		});
	}
};
