import { error, fail, redirect } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import { staffRoles, type StaffRole } from '$lib/domain/staff/roles';
import { staffAuth } from '$lib/server/auth/instance';
import { db, runtime } from '$lib/server/runtime';
import {
	changeStaffAccount,
	inviteStaff,
	loadStaffAccounts,
	type StaffAccountChange
} from '$lib/server/services/staff-accounts';
import { formFields } from '$lib/server/http/form-fields';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.staff) error(401, 'Sign in first');
	const result = await loadStaffAccounts(db(), locals.staff);
	if (result.kind === 'forbidden') error(403, 'Only the owner manages staff accounts');
	return result;
};

export const actions: Actions = {
	invite: async ({ locals, request, getClientAddress }) => {
		if (!locals.staff) error(401, 'Sign in first');
		const fields = await formFields(request);
		const result = await inviteStaff(db(), staffAuth(), fields, locals.staff, {
			now: Temporal.Now.instant(),
			origin: runtime().config.origin,
			request: { ip: getClientAddress(), requestId: locals.requestId }
		});
		if (result.kind === 'forbidden') error(403, 'Only the owner manages staff accounts');
		if (result.kind === 'invalid') return fail(422, { errors: result.errors, values: fields });
		runtime().outbox?.nudge();
		redirect(303, '/admin/staff?invited=1');
	},
	change: async ({ locals, request, getClientAddress }) => {
		if (!locals.staff) error(401, 'Sign in first');
		const fields = await formFields(request);
		const role = fields.role as StaffRole;
		const practitionerId = fields.practitioner === '' ? null : Number(fields.practitioner);
		const change: StaffAccountChange | null =
			fields.action === 'practitioner' &&
			(practitionerId === null || Number.isSafeInteger(practitionerId))
				? { action: 'practitioner', practitionerId }
				: fields.action === 'deactivate'
					? { action: 'deactivate' }
					: fields.action === 'reactivate'
						? { action: 'reactivate' }
						: fields.action === 'role' && staffRoles.includes(role)
							? { action: 'role', role }
							: null;
		if (!change) return fail(422, { message: 'Choose what to change.' });
		const result = await changeStaffAccount(db(), fields.id ?? '', change, locals.staff, {
			now: Temporal.Now.instant(),
			origin: runtime().config.origin,
			request: { ip: getClientAddress(), requestId: locals.requestId }
		});
		if (result.kind === 'forbidden') error(403, 'Only the owner manages staff accounts');
		if (result.kind === 'not_found') error(404, 'Not found');
		if (result.kind === 'refused') return fail(409, { message: result.message });
		redirect(303, '/admin/staff?saved=1');
	}
};
