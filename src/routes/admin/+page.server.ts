import { redirect } from '@sveltejs/kit';
import { setAuthCookies, staffAuth } from '$lib/server/auth/instance';
import type { Actions } from './$types';

export const actions: Actions = {
	signOut: async ({ request, cookies }) => {
		setAuthCookies(cookies, await staffAuth().signOut(request.headers));
		redirect(303, '/admin/sign-in');
	},
	// "Stay signed in": the hook already slid the expiry on by reading the session.
	stay: async () => redirect(303, '/admin')
};
