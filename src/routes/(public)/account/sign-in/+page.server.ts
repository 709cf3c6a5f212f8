import { fail } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import { db, runtime } from '$lib/server/runtime';
import { requestSignInLink } from '$lib/server/services/patient-sign-in';
import type { Actions, PageServerLoad } from './$types';
import { limitFormPosts } from '$lib/server/http/form-rate-limit';

export const load: PageServerLoad = async ({ setHeaders, url }) => {
	setHeaders({ 'Cache-Control': 'no-store' });
	return {
		ended: url.searchParams.get('ended') === '1',
		signedOut: url.searchParams.get('signed-out') === '1'
	};
};

export const actions: Actions = {
	// The page's load runs after the action and marks the answer no-store.
	default: async (event) => {
		await limitFormPosts(event);
		const { request, getClientAddress, locals } = event;
		const form = Object.fromEntries(await request.formData());
		const result = await requestSignInLink(db(), form, {
			now: Temporal.Now.instant(),
			origin: runtime().config.origin,
			request: { ip: getClientAddress(), requestId: locals.requestId }
		});
		switch (result.kind) {
			case 'invalid':
				return fail(422, { email: result.email, error: result.message });
			case 'rate_limited':
				return fail(429, { rateLimited: true });
			case 'answered':
				runtime().outbox?.nudge();
				return { answered: true };
		}
	}
};
