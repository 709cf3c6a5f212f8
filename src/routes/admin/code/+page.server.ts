import { fail, redirect } from '@sveltejs/kit';
import { setAuthCookies, staffAuth } from '$lib/server/auth/instance';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async ({ request, cookies, getClientAddress }) => {
		const data = await request.formData();
		const code = String(data.get('code') ?? '').slice(0, 40);
		const method = data.get('method') === 'recovery' ? 'recovery' : 'totp';
		const result = await staffAuth().verifySecondFactor({
			code,
			method,
			address: getClientAddress(),
			headers: request.headers
		});
		if (result.kind === 'invalid') return fail(401, { message: result.message });
		if (result.kind === 'throttled') return fail(429, { message: result.message });
		setAuthCookies(cookies, result.cookies);
		if (result.kind === 'expired') redirect(303, '/admin/sign-in');
		redirect(303, '/admin');
	}
};
