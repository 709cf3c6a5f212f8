import { error } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import { db } from '$lib/server/runtime';
import { loadPatientPage } from '$lib/server/services/staff-patients';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, getClientAddress }) => {
	if (!locals.staff) error(401, 'Sign in first');
	const id = Number(params.id);
	if (!Number.isSafeInteger(id) || id <= 0) error(404, 'Not found');
	const result = await loadPatientPage(db(), id, locals.staff, {
		now: Temporal.Now.instant(),
		request: { ip: getClientAddress(), requestId: locals.requestId }
	});
	if (result.kind === 'forbidden') error(403, 'Your role cannot see patients');
	if (result.kind === 'not_found') error(404, 'Not found');
	return result;
};
