import { error, fail, redirect } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import { db, runtime } from '$lib/server/runtime';
import { cancelByToken, loadManagedAppointment } from '$lib/server/services/manage-appointment';
import { listVisitForms } from '$lib/server/services/visit-forms';
import {
	followManageLink,
	openAccountFromManageLink
} from '$lib/server/services/manage-link-proof';
import { setPatientSessionCookie } from '$lib/server/http/patient-session';
import { limitFormPosts } from '$lib/server/http/form-rate-limit';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, setHeaders, getClientAddress, locals }) => {
	// A patient's own page: never cached, never indexed.
	setHeaders({ 'Cache-Control': 'no-store' });
	const now = Temporal.Now.instant();
	const appointment = await loadManagedAppointment(db(), params.token, now);
	if (!appointment) error(404, 'Not found');
	// This appointment's forms only: a manage link reaches nothing else of the patient's
	// record (no earlier forms, scores or visits), since a booking proves nothing (ADR 0029).
	const visitForms = await listVisitForms(db(), appointment, now);
	const { patientId: _patientId, ...shown } = appointment;
	// A link that came by email to the address on record proves that inbox: it joins online
	// bookings made with that address and may open the patient's own page (issue 12).
	const { inboxProven } = await followManageLink(db(), params.token, {
		now,
		request: { ip: getClientAddress(), requestId: locals.requestId }
	});
	return { appointment: shown, visitForms, inboxProven };
};

export const actions: Actions = {
	openAccount: async (event) => {
		await limitFormPosts(event);
		const { params, cookies, getClientAddress, locals } = event;
		const result = await openAccountFromManageLink(db(), params.token, {
			now: Temporal.Now.instant(),
			request: { ip: getClientAddress(), requestId: locals.requestId }
		});
		if (result.kind === 'unusable') return fail(403, { accountRefused: true });
		setPatientSessionCookie(cookies, result.token);
		redirect(303, '/account');
	},
	cancel: async (event) => {
		await limitFormPosts(event);
		const { params, getClientAddress, locals } = event;
		const result = await cancelByToken(db(), params.token, {
			now: Temporal.Now.instant(),
			origin: runtime().config.origin,
			request: { ip: getClientAddress(), requestId: locals.requestId }
		});
		if (result.kind === 'not_found') error(404, 'Not found');
		if (result.kind === 'too_late')
			return fail(409, { tooLate: true, cutoffHours: result.cutoffHours });
		runtime().outbox?.nudge();
		return { cancelled: true };
	}
};
