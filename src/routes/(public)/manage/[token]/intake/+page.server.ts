import { error, redirect } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import { db, runtime } from '$lib/server/runtime';
import { loadIntakeOverview, startIntakeUpdate } from '$lib/server/services/intake';
import { limitFormPosts } from '$lib/server/http/form-rate-limit';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, setHeaders, getClientAddress, locals }) => {
	// Health answers: never cached, never indexed.
	setHeaders({ 'Cache-Control': 'no-store' });
	const overview = await loadIntakeOverview(db(), params.token, Temporal.Now.instant(), {
		ip: getClientAddress(),
		requestId: locals.requestId
	});
	if (!overview) error(404, 'Not found');
	return { overview };
};

export const actions: Actions = {
	update: async (event) => {
		await limitFormPosts(event);
		const { params, getClientAddress, locals } = event;
		const result = await startIntakeUpdate(db(), params.token, {
			now: Temporal.Now.instant(),
			origin: runtime().config.origin,
			request: { ip: getClientAddress(), requestId: locals.requestId }
		});
		if (result.kind === 'not_found') error(404, 'Not found');
		redirect(303, `/manage/${params.token}/intake/${result.next}`);
	}
};
