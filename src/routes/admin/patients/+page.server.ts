import { error } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import { db } from '$lib/server/runtime';
import { findPatients } from '$lib/server/services/staff-patients';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, getClientAddress }) => {
	if (!locals.staff) error(401, 'Sign in first');
	const result = await findPatients(db(), url.searchParams.get('q') ?? '', locals.staff, {
		now: Temporal.Now.instant(),
		request: { ip: getClientAddress(), requestId: locals.requestId }
	});
	if (result.kind === 'forbidden') error(403, 'Your role cannot see patients');
	return result;
};
