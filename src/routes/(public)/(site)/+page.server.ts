import { db } from '$lib/server/runtime';
import { loadHomePage } from '$lib/server/services/public-site';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = () => loadHomePage(db());
