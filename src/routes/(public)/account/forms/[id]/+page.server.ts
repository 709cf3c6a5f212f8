import { error } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import { idParam } from '$lib/server/http/id-param';
import { requirePatientSession } from '$lib/server/http/patient-session';
import { db } from '$lib/server/runtime';
import { loadAccountIntake } from '$lib/server/services/patient-account';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({
	params,
	cookies,
	setHeaders,
	getClientAddress,
	locals
}) => {
	setHeaders({ 'Cache-Control': 'no-store' });
	const session = await requirePatientSession(cookies);
	const view = await loadAccountIntake(db(), session, idParam(params.id), {
		now: Temporal.Now.instant(),
		request: { ip: getClientAddress(), requestId: locals.requestId }
	});
	if (!view) error(404, 'Not found');
	return view;
};
