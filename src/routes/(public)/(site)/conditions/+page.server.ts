import { db } from '$lib/server/runtime';
import { loadConditionList } from '$lib/server/services/public-site';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => ({ conditions: await loadConditionList(db()) });
