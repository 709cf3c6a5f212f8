import { fail } from '@sveltejs/kit';
import { checkBackPain } from '$lib/server/services/back-pain-check';
import type { Actions } from './$types';

export const actions: Actions = {
	screen: async ({ request }) => {
		const form = await request.formData();
		const result = checkBackPain(Object.fromEntries(form));
		if (!result.ok) return fail(422, { errors: result.errors, answers: result.answers });
		return { screening: result.screening, answers: result.answers };
	}
};
