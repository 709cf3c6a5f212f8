import { db } from '$lib/server/runtime';
import { loadPractitionerList } from '$lib/server/services/public-site';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => ({
	practitioners: await loadPractitionerList(db())
});
