import { fail, redirect } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import { setPatientSessionCookie } from '$lib/server/http/patient-session';
import { db } from '$lib/server/runtime';
import { signInLinkUsable, startPatientSession } from '$lib/server/services/patient-sign-in';
import type { Actions, PageServerLoad } from './$types';
import { limitFormPosts } from '$lib/server/http/form-rate-limit';

// Opening the link only reads: mail scanners open links, so pressing "Sign in" uses it up.
export const load: PageServerLoad = async ({ params, setHeaders }) => {
	setHeaders({ 'Cache-Control': 'no-store' });
	return { usable: await signInLinkUsable(db(), params.token, Temporal.Now.instant()) };
};

export const actions: Actions = {
	default: async (event) => {
		await limitFormPosts(event);
		const { params, cookies, getClientAddress, locals } = event;
		const result = await startPatientSession(db(), params.token, {
			now: Temporal.Now.instant(),
			request: { ip: getClientAddress(), requestId: locals.requestId }
		});
		if (result.kind === 'unusable') return fail(410, { unusable: true });
		setPatientSessionCookie(cookies, result.token);
		redirect(303, '/account');
	}
};
