import { error, redirect } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import { db } from '$lib/server/runtime';
import { loadRevokePage, revokeByLink } from '$lib/server/services/patient-feedback';
import { limitFormPosts } from '$lib/server/http/form-rate-limit';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, setHeaders }) => {
	// A patient's own page: never cached, never indexed.
	setHeaders({ 'Cache-Control': 'no-store' });
	const view = await loadRevokePage(db(), params.token);
	if (view.kind === 'not_found') error(404, 'Not found');
	return { view };
};

export const actions: Actions = {
	// Revoking is a button, not the link itself: mail scanners open links, and must not revoke.
	revoke: async (event) => {
		await limitFormPosts(event);
		const { params, getClientAddress, locals } = event;
		const result = await revokeByLink(db(), params.token, {
			now: Temporal.Now.instant(),
			request: { ip: getClientAddress(), requestId: locals.requestId }
		});
		if (result.kind === 'not_found') error(404, 'Not found');
		redirect(303, `/testimonials/revoke/${params.token}?done=1`);
	}
};
