import { error, fail, redirect } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import { db, runtime } from '$lib/server/runtime';
import { formFields } from '$lib/server/http/form-fields';
import { loadStaffMove, moveByStaff } from '$lib/server/services/staff-move';
import { idParam } from '$lib/server/http/id-param';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	if (!locals.staff) error(401, 'Sign in first');
	const result = await loadStaffMove(
		db(),
		idParam(params.id),
		{
			practitioner: url.searchParams.get('practitioner'),
			month: url.searchParams.get('month'),
			date: url.searchParams.get('date'),
			start: url.searchParams.get('start')
		},
		locals.staff,
		Temporal.Now.instant()
	);
	if (result.kind === 'forbidden') error(403, 'Your role cannot change the schedule');
	if (result.kind === 'not_found') error(404, 'Not found');
	return result;
};

export const actions: Actions = {
	move: async ({ locals, params, request, getClientAddress }) => {
		if (!locals.staff) error(401, 'Sign in first');
		const id = idParam(params.id);
		const fields = await formFields(request);
		const result = await moveByStaff(
			db(),
			id,
			{ start: fields.start ?? '', practitioner: fields.practitioner ?? '' },
			locals.staff,
			{
				now: Temporal.Now.instant(),
				origin: runtime().config.origin,
				request: { ip: getClientAddress(), requestId: locals.requestId }
			}
		);
		switch (result.kind) {
			case 'forbidden':
				return error(403, 'Your role cannot change the schedule');
			case 'moved':
				runtime().outbox?.nudge();
				return redirect(303, `/admin/appointments/${id}?done=moved`);
			case 'not_found':
				return fail(409, { message: 'Only a booked appointment can be moved.' });
			case 'invalid':
				return fail(422, { message: 'Please choose a time from the list.' });
			case 'too_late':
				// Staff moves ignore the online cutoff; kept for completeness of the result type.
				return fail(409, { message: 'This appointment can no longer be moved.' });
			case 'slot_taken':
				return fail(409, { taken: true, alternatives: result.alternatives });
		}
	}
};
