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
import { limitFormPosts } from '$lib/server/http/form-rate-limit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/*
 * After a step whose answers call for advice (a warning sign), the advice is shown once on the
 * step's page. What says so is a short-lived cookie, never the address: a "?advice=1" in a URL
 * would tell browser history, proxies and logs that this patient has a warning sign (ADR 0032).
 */
const adviceCookie = 'clinic.intake_advice';
const adviceCookieOptions = (token: string) => ({
	path: `/manage/${token}/intake`,
	httpOnly: true,
	sameSite: 'lax' as const,
	secure: runtime().config.origin.protocol === 'https:',
	maxAge: 10 * 60
});

export const load: PageServerLoad = async ({
	params,
	setHeaders,
	cookies,
	getClientAddress,
	locals
}) => {
	setHeaders({ 'Cache-Control': 'no-store' });
	const page = await loadIntakeStep(db(), params.token, params.step, Temporal.Now.instant(), {
		ip: getClientAddress(),
		requestId: locals.requestId
	});
	if (page.kind === 'not_found') error(404, 'Not found');
	// A submitted form is read on the overview, where an update can be started.
	if (page.kind === 'submitted') redirect(303, `/manage/${params.token}/intake`);
	const showAdvice = cookies.get(adviceCookie) === params.step;
	if (cookies.get(adviceCookie) !== undefined) {
		cookies.delete(adviceCookie, adviceCookieOptions(params.token));
	}
	return { page, showAdvice };
};

const contextOf = ({ getClientAddress, locals }: RequestEvent) => ({
	now: Temporal.Now.instant(),
	origin: runtime().config.origin,
	request: { ip: getClientAddress(), requestId: locals.requestId }
});

export const actions: Actions = {
	save: async (event) => {
		await limitFormPosts(event);
		const { params, request, cookies } = event;
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
				// Warning signs: the advice first (flagged by cookie, not in the address), then the
				// patient goes on when ready.
				if (result.advice) {
					cookies.set(adviceCookie, params.step, adviceCookieOptions(params.token));
					return redirect(303, `${intake}/${params.step}`);
				}
				return redirect(303, `${intake}/${result.next}`);
		}
	},
	submit: async (event) => {
		await limitFormPosts(event);
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
