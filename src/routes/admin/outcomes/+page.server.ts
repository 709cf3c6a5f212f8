import { error, fail, redirect } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import { db } from '$lib/server/runtime';
import { formFields } from '$lib/server/http/form-fields';
import {
	loadOutcomeReport,
	publishOutcomeSummary,
	unpublishOutcomeSummary
} from '$lib/server/services/outcome-report';
import type { Actions, PageServerLoad } from './$types';

const forbidden = 'Only the owner sees the clinic outcome report';

export const load: PageServerLoad = async ({ locals, getClientAddress }) => {
	if (!locals.staff) error(401, 'Sign in first');
	const result = await loadOutcomeReport(db(), locals.staff, {
		now: Temporal.Now.instant(),
		request: { ip: getClientAddress(), requestId: locals.requestId }
	});
	if (result.kind === 'forbidden') error(403, forbidden);
	return result;
};

export const actions: Actions = {
	publish: async ({ locals, request, getClientAddress }) => {
		if (!locals.staff) error(401, 'Sign in first');
		const fields = await formFields(request);
		const result = await publishOutcomeSummary(db(), fields, locals.staff, {
			now: Temporal.Now.instant(),
			request: { ip: getClientAddress(), requestId: locals.requestId }
		});
		if (result.kind === 'forbidden') error(403, forbidden);
		if (result.kind === 'invalid') return fail(422, { errors: result.errors });
		if (result.kind === 'refused') return fail(409, { message: result.message });
		redirect(303, '/admin/outcomes?done=published');
	},
	unpublish: async ({ locals, getClientAddress }) => {
		if (!locals.staff) error(401, 'Sign in first');
		const result = await unpublishOutcomeSummary(db(), locals.staff, {
			now: Temporal.Now.instant(),
			request: { ip: getClientAddress(), requestId: locals.requestId }
		});
		if (result.kind === 'forbidden') error(403, forbidden);
		if (result.kind === 'not_published') {
			return fail(409, { message: 'Nothing is published, so there was nothing to take down.' });
		}
		redirect(303, '/admin/outcomes?done=unpublished');
	}
};
