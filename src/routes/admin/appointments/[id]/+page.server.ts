import { error, fail, redirect } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import { db, runtime } from '$lib/server/runtime';
import {
	changeAppointment,
	loadStaffAppointment,
	type StaffChange
} from '$lib/server/services/staff-calendar';
import type { Actions, PageServerLoad } from './$types';

const idOf = (text: string) => {
	const id = Number(text);
	if (!Number.isSafeInteger(id) || id <= 0) error(404, 'Not found');
	return id;
};

export const load: PageServerLoad = async ({ locals, params, getClientAddress }) => {
	if (!locals.staff) error(401, 'Sign in first');
	const result = await loadStaffAppointment(db(), idOf(params.id), locals.staff, {
		now: Temporal.Now.instant(),
		request: { ip: getClientAddress(), requestId: locals.requestId }
	});
	if (result.kind === 'forbidden') error(403, 'Your role cannot see the schedule');
	if (result.kind === 'not_found') error(404, 'Not found');
	return result;
};

export const actions: Actions = {
	change: async ({ locals, params, request, getClientAddress }) => {
		if (!locals.staff) error(401, 'Sign in first');
		const form = await request.formData();
		const action = String(form.get('action') ?? '');
		const change: StaffChange | null =
			action === 'cancel'
				? { action: 'cancel', reason: String(form.get('reason') ?? '').slice(0, 500) }
				: action === 'arrived' || action === 'completed' || action === 'no_show'
					? { action }
					: null;
		if (!change) return fail(422, { message: 'Choose what happened.' });
		const result = await changeAppointment(db(), idOf(params.id), change, locals.staff, {
			now: Temporal.Now.instant(),
			origin: runtime().config.origin,
			request: { ip: getClientAddress(), requestId: locals.requestId }
		});
		if (result.kind === 'forbidden') error(403, 'Your role cannot change the schedule');
		if (result.kind === 'not_found')
			return fail(409, { message: 'This appointment is cancelled already.' });
		if (result.kind === 'invalid') return fail(422, { message: result.message });
		if (change.action === 'cancel') runtime().outbox?.nudge();
		redirect(303, `/admin/appointments/${params.id}?done=${change.action}`);
	}
};
