import { db, runtime } from '$lib/server/runtime';
import { loadSiteShell } from '$lib/server/services/public-site';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async () => {
	return { shell: await loadSiteShell(db()), origin: runtime().config.origin.origin };
};
