import { error, fail, redirect } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import { formFields } from '$lib/server/http/form-fields';
import { db, runtime } from '$lib/server/runtime';
import { authorisePublication, loadPublishPage } from '$lib/server/services/patient-feedback';
import { limitFormPosts } from '$lib/server/http/form-rate-limit';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, setHeaders }) => {
	// A patient's own page: never cached, never indexed.
	setHeaders({ 'Cache-Control': 'no-store' });
	const view = await loadPublishPage(db(), params.token, Temporal.Now.instant());
	switch (view.kind) {
		case 'not_found':
			return error(404, 'Not found');
		case 'no_feedback':
		case 'decided':
			return redirect(303, `/feedback/${params.token}`);
		default:
			return { view, token: params.token };
	}
};

export const actions: Actions = {
	sign: async (event) => {
		await limitFormPosts(event);
		const { params, request, getClientAddress, locals } = event;
		const result = await authorisePublication(db(), params.token, await formFields(request, 300), {
			now: Temporal.Now.instant(),
			origin: runtime().config.origin,
			request: { ip: getClientAddress(), requestId: locals.requestId }
		});
		switch (result.kind) {
			case 'not_found':
				return error(404, 'Not found');
			case 'expired':
				return fail(410, { expired: true });
			case 'changed':
				return fail(409, { changed: true });
			case 'invalid':
				return fail(422, { errors: result.errors, values: result.values });
			case 'no_feedback':
			case 'authorised':
			case 'already_decided':
				return redirect(303, `/feedback/${params.token}`);
		}
	}
};
