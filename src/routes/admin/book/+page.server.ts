import { error, fail, redirect } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import { db, runtime } from '$lib/server/runtime';
import { bookForCaller, loadStaffBooking } from '$lib/server/services/staff-booking';
import { formFields } from '$lib/server/http/form-fields';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (!locals.staff) error(401, 'Sign in first');
	const query = url.searchParams;
	const result = await loadStaffBooking(
		db(),
		{
			service: query.get('service'),
			practitioner: query.get('practitioner'),
			month: query.get('month'),
			date: query.get('date'),
			start: query.get('start')
		},
		locals.staff,
		Temporal.Now.instant()
	);
	if (result.kind === 'forbidden') error(403, 'Your role cannot book appointments');
	// Nothing to show before the clinic has a location: the home page says what comes first.
	if (result.kind === 'not_set_up') redirect(303, '/admin?setup=needed');
	return result;
};

export const actions: Actions = {
	book: async ({ locals, request, getClientAddress }) => {
		if (!locals.staff) error(401, 'Sign in first');
		const form = await formFields(request);
		const result = await bookForCaller(db(), form, locals.staff, {
			now: Temporal.Now.instant(),
			origin: runtime().config.origin,
			request: { ip: getClientAddress(), requestId: locals.requestId }
		});
		if (result.kind === 'forbidden') error(403, 'Your role cannot book appointments');
		if (result.kind === 'invalid')
			return fail(422, { errors: result.errors, values: result.values });
		if (result.kind === 'taken') return fail(409, { taken: true, values: result.values });
		runtime().outbox?.nudge();
		redirect(303, `/admin/appointments/${result.appointmentId}?done=booked`);
	}
};
