import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { staffAuth } from '$lib/server/auth/instance';
import { cleanText } from '$lib/domain/text/clean-text';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, setHeaders }) => {
	// Cache-Control: no-store comes from the admin layout. `same-origin` keeps the token out of
	// any other site's Referer while the browser still sends this origin with the form post:
	// `no-referrer` made Chromium post with `Origin: null`, which SvelteKit's CSRF check refuses
	// (ADR 0034).
	setHeaders({ 'Referrer-Policy': 'same-origin' });
	const kind = await staffAuth().describeSetupToken(params.token);
	if (!kind) error(404, 'Not found');
	return { kind };
};

const ownerForm = z.object({
	name: z.string().trim().min(2, 'Please enter your name.').max(120),
	email: z.email({ error: 'Please enter an email address like name@example.com.' }).max(254),
	password: z.string().max(1024)
});

export const actions: Actions = {
	default: async ({ params, request }) => {
		const service = staffAuth();
		const kind = await service.describeSetupToken(params.token);
		if (!kind) error(404, 'Not found');
		const data = Object.fromEntries(await request.formData());
		let result;
		if (kind === 'owner') {
			const parsed = ownerForm.safeParse({
				...data,
				name: cleanText(String(data.name ?? '')),
				email: cleanText(String(data.email ?? '')).trim()
			});
			if (!parsed.success) {
				return fail(422, {
					message: parsed.error.issues[0]?.message ?? 'Please check the form.',
					name: String(data.name ?? ''),
					email: String(data.email ?? '')
				});
			}
			result = await service.completeOwnerSetup(params.token, parsed.data);
		} else {
			result = await service.completeSetup(
				params.token,
				String(data.password ?? '').slice(0, 1024)
			);
		}
		if (result.kind === 'invalid_link') error(404, 'Not found');
		if (result.kind === 'weak') {
			return fail(422, {
				message: result.message,
				name: String(data.name ?? ''),
				email: String(data.email ?? '')
			});
		}
		redirect(303, '/admin/sign-in?setup=done');
	}
};
