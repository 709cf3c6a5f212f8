import { error, redirect } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import { setAuthCookies, staffAuth } from '$lib/server/auth/instance';
import { db, runtime } from '$lib/server/runtime';
import { loadWorkspaceHome } from '$lib/server/services/workspace-home';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, getClientAddress }) => {
	if (!locals.staff) error(401, 'Sign in first');
	return loadWorkspaceHome(db(), locals.staff, {
		now: Temporal.Now.instant(),
		request: { ip: getClientAddress(), requestId: locals.requestId },
		dialect: runtime().database.dialect
	});
};

export const actions: Actions = {
	signOut: async ({ request, cookies }) => {
		setAuthCookies(cookies, await staffAuth().signOut(request.headers));
		redirect(303, '/admin/sign-in');
	},
	// "Stay signed in": the hook already slid the expiry on by reading the session.
	stay: async () => redirect(303, '/admin')
};
