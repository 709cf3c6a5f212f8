import { error, fail } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import { db, runtime } from '$lib/server/runtime';
import { cancelByToken, loadManagedAppointment } from '$lib/server/services/manage-appointment';
import { listVisitForms } from '$lib/server/services/visit-forms';
import { limitFormPosts } from '$lib/server/http/form-rate-limit';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, setHeaders }) => {
	// A patient's own page: never cached, never indexed.
	setHeaders({ 'Cache-Control': 'no-store' });
	const now = Temporal.Now.instant();
	const appointment = await loadManagedAppointment(db(), params.token, now);
	if (!appointment) error(404, 'Not found');
	// This appointment's forms only: a manage link reaches nothing else of the patient's
	// record (no earlier forms, scores or visits), since a booking proves nothing (ADR 0029).
	const visitForms = await listVisitForms(db(), appointment, now);
	const { patientId: _patientId, ...shown } = appointment;
	return { appointment: shown, visitForms };
};

export const actions: Actions = {
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
