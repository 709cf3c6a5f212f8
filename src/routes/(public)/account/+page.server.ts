import { error, fail, redirect } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import {
	clearPatientSessionCookie,
	patientCookieName,
	requirePatientSession
} from '$lib/server/http/patient-session';
import { db, runtime } from '$lib/server/runtime';
import { cancelFromAccount, loadAccount } from '$lib/server/services/patient-account';
import { endPatientSessionByToken } from '$lib/server/services/patient-sign-in';
import type { Actions, PageServerLoad } from './$types';
import { limitFormPosts } from '$lib/server/http/form-rate-limit';

export const load: PageServerLoad = async ({ cookies, setHeaders, getClientAddress, locals }) => {
	// The patient's own health data: never cached anywhere, never indexed.
	setHeaders({ 'Cache-Control': 'no-store' });
	const session = await requirePatientSession(cookies);
	return loadAccount(db(), session, {
		now: Temporal.Now.instant(),
		request: { ip: getClientAddress(), requestId: locals.requestId }
	});
};

export const actions: Actions = {
	cancel: async (event) => {
		await limitFormPosts(event);
		const { cookies, request, getClientAddress, locals } = event;
		const session = await requirePatientSession(cookies);
		const id = Number((await request.formData()).get('appointment'));
		if (!Number.isSafeInteger(id) || id <= 0) error(404, 'Not found');
		const result = await cancelFromAccount(db(), session, id, {
			now: Temporal.Now.instant(),
			origin: runtime().config.origin,
			request: { ip: getClientAddress(), requestId: locals.requestId }
		});
		if (result.kind === 'not_found') error(404, 'Not found');
		if (result.kind === 'too_late')
			return fail(409, { tooLate: true, cutoffHours: result.cutoffHours });
		runtime().outbox?.nudge();
		return { cancelled: true };
	},
	signOut: async (event) => {
		await limitFormPosts(event);
		const { cookies, getClientAddress, locals } = event;
		await endPatientSessionByToken(db(), cookies.get(patientCookieName()), {
			now: Temporal.Now.instant(),
			request: { ip: getClientAddress(), requestId: locals.requestId }
		});
		clearPatientSessionCookie(cookies);
		redirect(303, '/account/sign-in?signed-out=1');
	}
};
