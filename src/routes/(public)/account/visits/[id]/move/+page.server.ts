import { error, fail, redirect } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import { idParam } from '$lib/server/http/id-param';
import { requirePatientSession } from '$lib/server/http/patient-session';
import { db, runtime } from '$lib/server/runtime';
import { loadAccountMove, moveFromAccount } from '$lib/server/services/patient-account';
import type { Actions, PageServerLoad } from './$types';
import { limitFormPosts } from '$lib/server/http/form-rate-limit';

export const load: PageServerLoad = async ({ params, url, cookies, setHeaders }) => {
	setHeaders({ 'Cache-Control': 'no-store' });
	const session = await requirePatientSession(cookies);
	const view = await loadAccountMove(
		db(),
		session,
		idParam(params.id),
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
		const { params, request, cookies, getClientAddress, locals } = event;
		const session = await requirePatientSession(cookies);
		const data = await request.formData();
		const result = await moveFromAccount(
			db(),
			session,
			idParam(params.id),
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
				return redirect(303, '/account?moved=1');
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
