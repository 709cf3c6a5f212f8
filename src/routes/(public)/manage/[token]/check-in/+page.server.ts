import { error, fail } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import { answerCheckIn } from '$lib/server/http/check-in-action';
import { db } from '$lib/server/runtime';
import { loadCheckIn } from '$lib/server/services/check-in';
import { limitFormPosts } from '$lib/server/http/form-rate-limit';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, setHeaders, getClientAddress, locals }) => {
	// Health answers: never cached, never indexed.
	setHeaders({ 'Cache-Control': 'no-store' });
	const state = await loadCheckIn(
		db(),
		{ via: 'link', token: params.token },
		Temporal.Now.instant(),
		{ ip: getClientAddress(), requestId: locals.requestId }
	);
	if (state.kind === 'not_found' || state.kind === 'kiosk_ended') error(404, 'Not found');
	return { state };
};

export const actions: Actions = {
	answer: async (event) => {
		await limitFormPosts(event);
		const answered = await answerCheckIn(event, 'link');
		if (!('refused' in answered)) return answered;
		const { kind } = answered.refused;
		if (kind === 'not_found' || kind === 'kiosk_ended') error(404, 'Not found');
		return fail(409, { refused: kind });
	}
};
