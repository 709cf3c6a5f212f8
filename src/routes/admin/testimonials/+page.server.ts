import { error } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import { db } from '$lib/server/runtime';
import { loadTestimonialInbox } from '$lib/server/services/testimonial-moderation';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, getClientAddress }) => {
	if (!locals.staff) error(401, 'Sign in first');
	const result = await loadTestimonialInbox(db(), locals.staff, {
		now: Temporal.Now.instant(),
		request: { ip: getClientAddress(), requestId: locals.requestId }
	});
	if (result.kind === 'forbidden') error(403, 'Your role cannot moderate testimonials');
	return result;
};
