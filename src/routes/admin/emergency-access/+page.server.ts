import { error, fail, redirect } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import { staffChange } from '$lib/server/http/staff-change';
import { db } from '$lib/server/runtime';
import {
	grantEmergencyAccess,
	loadEmergencyAccess,
	revokeEmergencyAccess
} from '$lib/server/services/emergency-access';
import { formFields } from '$lib/server/http/form-fields';
import type { Actions, PageServerLoad } from './$types';

const forbidden = 'Only the owner grants emergency access';

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.staff) error(401, 'Sign in first');
	const result = await loadEmergencyAccess(db(), locals.staff, Temporal.Now.instant());
	if (result.kind === 'forbidden') error(403, forbidden);
	return result;
};

export const actions: Actions = {
	grant: async (event) => {
		const { staff, context } = staffChange(event);
		const fields = await formFields(event.request);
		const result = await grantEmergencyAccess(db(), fields, staff, context);
		if (result.kind === 'forbidden') error(403, forbidden);
		if (result.kind === 'invalid') return fail(422, { errors: result.errors, values: fields });
		redirect(303, '/admin/emergency-access?granted=1');
	},
	revoke: async (event) => {
		const { staff, context } = staffChange(event);
		const fields = await formFields(event.request);
		const result = await revokeEmergencyAccess(db(), fields.id ?? '', staff, context);
		if (result.kind === 'forbidden') error(403, forbidden);
		if (result.kind === 'not_active') {
			return fail(409, { message: 'That access has ended or was revoked already.' });
		}
		redirect(303, '/admin/emergency-access?revoked=1');
	}
};
