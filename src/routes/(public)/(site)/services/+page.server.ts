import { db } from '$lib/server/runtime';
import { loadServiceList } from '$lib/server/services/public-site';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => ({ services: await loadServiceList(db()) });
