import { fail } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import { screeningCookieName } from '$lib/domain/intake/screening-and-booking';
import { db, runtime } from '$lib/server/runtime';
import { completeBackPainCheck } from '$lib/server/services/screening-before-booking';
import { limitFormPosts } from '$lib/server/http/form-rate-limit';
import type { Actions } from './$types';

export const actions: Actions = {
	screen: async (event) => {
		await limitFormPosts(event);
		const { request, cookies, setHeaders } = event;
		// The answers come back in the page: never cached anywhere.
		setHeaders({ 'Cache-Control': 'no-store' });
		const form = await request.formData();
		const result = await completeBackPainCheck(db(), Object.fromEntries(form), {
			now: Temporal.Now.instant(),
			previousToken: cookies.get(screeningCookieName)
		});
		if (!result.ok) return fail(422, { errors: result.errors, answers: result.answers });
		if (result.forgetPreviousCheck) cookies.delete(screeningCookieName, { path: '/' });
		if (result.cookie) {
			// A random token only, so a booking in this browser can be linked to the check
			// without any health data or id in a URL (ADR 0019).
			cookies.set(screeningCookieName, result.cookie.token, {
				path: '/',
				httpOnly: true,
				sameSite: 'lax',
				secure: runtime().config.origin.protocol === 'https:',
				maxAge: result.cookie.maxAgeSeconds
			});
		}
		return {
			screening: result.screening,
			answers: result.answers,
			bookingClosed: result.bookingClosed
		};
	}
};
