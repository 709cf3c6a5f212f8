import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { setAuthCookies, staffAuth } from '$lib/server/auth/instance';
import { singleLine } from '$lib/domain/text/clean-text';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (locals.staff?.stage === 'signed_in') redirect(303, '/admin');
	return {};
};

// The email is one line, cleaned of control characters: it is written to the audit log as typed.
const form = z.object({
	email: z.string().transform(singleLine).pipe(z.string().trim().max(320)),
	password: z.string().max(1024)
});

export const actions: Actions = {
	default: async ({ request, cookies, getClientAddress }) => {
		const parsed = form.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(422, { message: 'Enter your email and password.' });
		const result = await staffAuth().signIn({
			...parsed.data,
			address: getClientAddress(),
			headers: request.headers
		});
		if (result.kind === 'refused')
			return fail(401, { message: result.message, email: parsed.data.email });
		if (result.kind === 'throttled')
			return fail(429, { message: result.message, email: parsed.data.email });
		setAuthCookies(cookies, result.cookies);
		if (result.kind === 'second_factor') redirect(303, '/admin/code');
		// First sign-in: show the authenticator setup right away.
		return { enrolment: result.enrolment };
	}
};
