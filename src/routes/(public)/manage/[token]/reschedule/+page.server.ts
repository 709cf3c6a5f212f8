import { error, fail, redirect } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import { db, runtime } from '$lib/server/runtime';
import { loadReschedulePage, rescheduleFromForm } from '$lib/server/services/reschedule-flow';
import { limitFormPosts } from '$lib/server/http/form-rate-limit';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, url, setHeaders }) => {
	setHeaders({ 'Cache-Control': 'no-store' });
	const view = await loadReschedulePage(
		db(),
		params.token,
		{
			practitioner: url.searchParams.get('practitioner'),
			month: url.searchParams.get('month'),
			date: url.searchParams.get('date'),
			start: url.searchParams.get('start')
		},
		Temporal.Now.instant()
	);
	if (!view) error(404, 'Not found');
	return view;
};

export const actions: Actions = {
	move: async (event) => {
		await limitFormPosts(event);
		const { params, request, getClientAddress, locals } = event;
		const data = await request.formData();
		const result = await rescheduleFromForm(
			db(),
			params.token,
			{
				start: String(data.get('start') ?? ''),
				practitioner: String(data.get('practitioner') ?? '')
			},
			{
				now: Temporal.Now.instant(),
				origin: runtime().config.origin,
				request: { ip: getClientAddress(), requestId: locals.requestId }
			}
		);
		switch (result.kind) {
			case 'moved':
				runtime().outbox?.nudge();
				return redirect(303, `/manage/${params.token}?moved=1`);
			case 'not_found':
				return error(404, 'Not found');
			case 'invalid':
				return fail(422, { invalid: true });
			case 'too_late':
				return fail(409, { tooLate: true, cutoffHours: result.cutoffHours });
			case 'slot_taken':
				return fail(409, { taken: true, alternatives: result.alternatives });
		}
	}
};
