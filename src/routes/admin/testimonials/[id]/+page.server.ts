import { error, fail, redirect } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import { db, runtime } from '$lib/server/runtime';
import { readFormValues } from '$lib/server/http/form-values';
import { idParam } from '$lib/server/http/id-param';
import { staffChange } from '$lib/server/http/staff-change';
import {
	decideOnFeedback,
	loadFeedbackForStaff,
	recordRevocationByStaff
} from '$lib/server/services/testimonial-moderation';
import type { Actions, PageServerLoad } from './$types';

const forbidden = 'Your role cannot moderate testimonials';

export const load: PageServerLoad = async ({ locals, params, getClientAddress }) => {
	if (!locals.staff) error(401, 'Sign in first');
	const result = await loadFeedbackForStaff(db(), locals.staff, idParam(params.id), {
		now: Temporal.Now.instant(),
		request: { ip: getClientAddress(), requestId: locals.requestId }
	});
	if (result.kind === 'forbidden') error(403, forbidden);
	if (result.kind === 'not_found') error(404, 'Not found');
	return result;
};

export const actions: Actions = {
	decide: async (event) => {
		const { staff, context } = staffChange(event);
		const id = idParam(event.params.id);
		const fields = await readFormValues(event.request, { maxLength: 600 });
		const result = await decideOnFeedback(db(), staff, id, fields, context);
		switch (result.kind) {
			case 'forbidden':
				return error(403, forbidden);
			case 'not_found':
				return error(404, 'Not found');
			case 'invalid':
				return fail(422, { form: 'decide', errors: result.errors, values: result.values });
			case 'refused':
				return fail(409, { form: 'decide', message: result.message, values: result.values });
			case 'saved':
				return redirect(303, `/admin/testimonials/${id}?done=${result.decision}`);
		}
	},
	revoke: async (event) => {
		const { staff, context } = staffChange(event);
		const id = idParam(event.params.id);
		const fields = await readFormValues(event.request, { maxLength: 600 });
		const result = await recordRevocationByStaff(db(), staff, id, fields, context);
		switch (result.kind) {
			case 'forbidden':
				return error(403, forbidden);
			case 'not_found':
				return error(404, 'Not found');
			case 'invalid':
				return fail(422, { form: 'revoke', errors: result.errors, values: result.values });
			case 'refused':
				return fail(409, { form: 'revoke', message: result.message, values: result.values });
			case 'revoked':
				// The confirmation email to the patient goes out now, not at the next poll.
				runtime().outbox?.nudge();
				return redirect(303, `/admin/testimonials/${id}?done=revoked`);
		}
	}
};
