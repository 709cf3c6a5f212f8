import { error, fail, redirect } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import { formFields } from '$lib/server/http/form-fields';
import { db } from '$lib/server/runtime';
import { loadConsentPage, signConsentByToken } from '$lib/server/services/consent';
import { limitFormPosts } from '$lib/server/http/form-rate-limit';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, setHeaders, getClientAddress, locals }) => {
	// A patient's own page: never cached, never indexed.
	setHeaders({ 'Cache-Control': 'no-store' });
	const view = await loadConsentPage(db(), params.token, Temporal.Now.instant(), {
		ip: getClientAddress(),
		requestId: locals.requestId
	});
	if (!view) error(404, 'Not found');
	return view;
};

export const actions: Actions = {
	sign: async (event) => {
		await limitFormPosts(event);
		const { params, request, getClientAddress, locals } = event;
		const result = await signConsentByToken(db(), params.token, await formFields(request, 300), {
			now: Temporal.Now.instant(),
			request: { ip: getClientAddress(), requestId: locals.requestId }
		});
		switch (result.kind) {
			case 'not_found':
				return error(404, 'Not found');
			case 'cancelled':
				return fail(409, { cancelled: true });
			case 'changed':
				return fail(409, { changed: true });
			case 'invalid':
				return fail(422, { errors: result.errors, values: result.values });
			case 'signed':
			case 'already_signed':
				return redirect(303, `/manage/${params.token}/consent?signed=1`);
		}
	}
};
