import { error, fail, redirect } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import { readFormValues } from '$lib/server/http/form-values';
import { db, runtime } from '$lib/server/runtime';
import {
	loadIntakeStep,
	reviewStep,
	saveIntakeStep,
	submitIntake
} from '$lib/server/services/intake';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async ({ params, setHeaders, getClientAddress, locals }) => {
	setHeaders({ 'Cache-Control': 'no-store' });
	const page = await loadIntakeStep(db(), params.token, params.step, Temporal.Now.instant(), {
		ip: getClientAddress(),
		requestId: locals.requestId
	});
	if (page.kind === 'not_found') error(404, 'Not found');
	// A submitted form is read on the overview, where an update can be started.
	if (page.kind === 'submitted') redirect(303, `/manage/${params.token}/intake`);
	return { page };
};

const contextOf = ({ getClientAddress, locals }: RequestEvent) => ({
	now: Temporal.Now.instant(),
	origin: runtime().config.origin,
	request: { ip: getClientAddress(), requestId: locals.requestId }
});

export const actions: Actions = {
	save: async (event) => {
		const { params, request } = event;
		const values = await readFormValues(request);
		const result = await saveIntakeStep(db(), params.token, params.step, values, contextOf(event));
		const intake = `/manage/${params.token}/intake`;
		switch (result.kind) {
			case 'not_found':
				return error(404, 'Not found');
			case 'submitted':
				return redirect(303, intake);
			case 'invalid':
				return fail(422, { errors: result.errors, values: result.values });
			case 'saved':
				if (result.advice) runtime().outbox?.nudge();
				// Warning signs: the advice first, then the patient goes on when ready.
				return redirect(
					303,
					result.advice ? `${intake}/${params.step}?advice=1` : `${intake}/${result.next}`
				);
		}
	},
	submit: async (event) => {
		const { params } = event;
		if (params.step !== reviewStep) error(404, 'Not found');
		const result = await submitIntake(db(), params.token, contextOf(event));
		const intake = `/manage/${params.token}/intake`;
		switch (result.kind) {
			case 'not_found':
				return error(404, 'Not found');
			case 'incomplete':
				return fail(409, { missing: result.missing });
			case 'already_submitted':
				return redirect(303, intake);
			case 'submitted':
				return redirect(303, `${intake}?submitted=1`);
		}
	}
};
