import { error, fail, redirect } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import { db, runtime } from '$lib/server/runtime';
import {
	changeAppointment,
	loadStaffAppointment,
	type StaffChange
} from '$lib/server/services/staff-calendar';
import { reviewAppointment } from '$lib/server/services/clinician-review';
import { startKiosk } from '$lib/server/services/kiosk-mode';
import { setAuthCookies, staffAuth } from '$lib/server/auth/instance';
import { idParam } from '$lib/server/http/id-param';
import { decideIdentity } from '$lib/server/http/identity-action';
import { cleanText } from '$lib/domain/text/clean-text';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, getClientAddress }) => {
	if (!locals.staff) error(401, 'Sign in first');
	const result = await loadStaffAppointment(db(), idParam(params.id), locals.staff, {
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
				? { action: 'cancel', reason: cleanText(String(form.get('reason') ?? '')).slice(0, 500) }
				: action === 'arrived' || action === 'completed' || action === 'no_show'
					? { action }
					: null;
		if (!change) return fail(422, { message: 'Choose what happened.' });
		const result = await changeAppointment(db(), idParam(params.id), change, locals.staff, {
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
	},
	// Kiosk mode for the front desk's tablet: sign this device out, then hand it to the patient.
	kiosk: async ({ locals, params, request, cookies, getClientAddress }) => {
		if (!locals.staff) error(401, 'Sign in first');
		const result = await startKiosk(db(), idParam(params.id), locals.staff, {
			now: Temporal.Now.instant(),
			request: { ip: getClientAddress(), requestId: locals.requestId }
		});
		if (result.kind === 'forbidden') error(403, 'Your role cannot start kiosk mode');
		if (result.kind === 'not_found') error(404, 'Not found');
		if (result.kind === 'unavailable') return fail(409, { message: result.message });
		if (result.kind === 'answered') {
			return fail(409, { message: 'The patient has answered this visit’s check-in already.' });
		}
		// The patient holds the tablet next: the workspace must not be one tap away.
		setAuthCookies(cookies, await staffAuth().signOut(request.headers));
		redirect(303, `/kiosk/${result.token}`);
	},
	// "Possible match": merge the online booking's record into the patient's, or keep apart.
	identity: async (event) => decideIdentity(event, `/admin/appointments/${event.params.id}`),
	review: async ({ locals, params, request, getClientAddress }) => {
		if (!locals.staff) error(401, 'Sign in first');
		const form = await request.formData();
		const note = cleanText(String(form.get('note') ?? '')).slice(0, 1000);
		const doctorSeen = form
			.getAll('doctor-seen')
			.filter((value): value is string => typeof value === 'string')
			.slice(0, 50);
		const result = await reviewAppointment(
			db(),
			idParam(params.id),
			note,
			locals.staff,
			{
				now: Temporal.Now.instant(),
				request: { ip: getClientAddress(), requestId: locals.requestId }
			},
			doctorSeen
		);
		if (result.kind === 'forbidden') error(403, 'Only clinicians review safety answers');
		if (result.kind === 'not_found') error(404, 'Not found');
		if (result.kind === 'invalid') return fail(422, { reviewError: result.message, note });
		if (result.kind === 'already_reviewed') {
			return fail(409, { message: 'This booking has been reviewed already.' });
		}
		redirect(303, `/admin/appointments/${params.id}?done=reviewed`);
	}
};
