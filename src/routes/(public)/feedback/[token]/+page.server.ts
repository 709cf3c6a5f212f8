import { error, fail, redirect } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import { formFields } from '$lib/server/http/form-fields';
import { db, runtime } from '$lib/server/runtime';
import { giveFeedback, loadFeedbackPage } from '$lib/server/services/patient-feedback';
import { limitFormPosts } from '$lib/server/http/form-rate-limit';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, setHeaders }) => {
	// A patient's own page: never cached, never indexed.
	setHeaders({ 'Cache-Control': 'no-store' });
	const view = await loadFeedbackPage(db(), params.token, Temporal.Now.instant());
	if (view.kind === 'not_found') error(404, 'Not found');
	return { view };
};

export const actions: Actions = {
	give: async (event) => {
		await limitFormPosts(event);
		const { params, request, getClientAddress, locals } = event;
		const result = await giveFeedback(db(), params.token, await formFields(request, 5000), {
			now: Temporal.Now.instant(),
			origin: runtime().config.origin,
			request: { ip: getClientAddress(), requestId: locals.requestId }
		});
		switch (result.kind) {
			case 'not_found':
				return error(404, 'Not found');
			case 'expired':
				return fail(410, { expired: true });
			case 'invalid':
				return fail(422, { errors: result.errors, values: result.values });
			case 'saved':
			case 'already_given':
				return redirect(303, `/feedback/${params.token}?sent=1`);
		}
	}
};
