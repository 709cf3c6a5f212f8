import { error, fail } from '@sveltejs/kit';
import { setAuthCookies, staffAuth } from '$lib/server/auth/instance';
import type { Actions } from './$types';

export const actions: Actions = {
	// After a reload the QR code is gone: the password shows a fresh one.
	start: async ({ request, locals }) => {
		if (locals.staff?.stage !== 'enrol') error(403, 'Forbidden');
		const password = String((await request.formData()).get('password') ?? '');
		const enrolment = await staffAuth().restartTotpEnrolment(request.headers, password);
		if (!enrolment) return fail(401, { message: 'That password is not right.' });
		return { enrolment };
	},
	confirm: async ({ request, cookies, locals }) => {
		if (locals.staff?.stage !== 'enrol') error(403, 'Forbidden');
		const code = String((await request.formData()).get('code') ?? '');
		const result = await staffAuth().confirmTotpEnrolment(request.headers, code);
		if (result.kind === 'no_session') error(403, 'Forbidden');
		if (result.kind === 'invalid') return fail(422, { message: result.message });
		setAuthCookies(cookies, result.cookies);
		return { recoveryCodes: result.recoveryCodes };
	}
};
