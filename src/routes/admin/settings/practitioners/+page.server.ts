import { error } from '@sveltejs/kit';
import { db } from '$lib/server/runtime';
import { listPractitionerSettings } from '$lib/server/services/practitioner-settings';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.staff) error(401, 'Sign in first');
	const result = await listPractitionerSettings(db(), locals.staff);
	if (result.kind === 'forbidden') error(403, 'Only the owner changes settings');
	return result;
};
