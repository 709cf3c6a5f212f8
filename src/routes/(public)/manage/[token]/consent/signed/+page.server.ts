import { error, redirect } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import { db } from '$lib/server/runtime';
import { loadSignedConsentByToken } from '$lib/server/services/consent';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, setHeaders, getClientAddress, locals }) => {
	setHeaders({ 'Cache-Control': 'no-store' });
	const result = await loadSignedConsentByToken(db(), params.token, {
		now: Temporal.Now.instant(),
		request: { ip: getClientAddress(), requestId: locals.requestId }
	});
	if (!result) error(404, 'Not found');
	if (result.kind === 'unsigned') redirect(303, `/manage/${params.token}/consent`);
	return { form: result.form };
};
