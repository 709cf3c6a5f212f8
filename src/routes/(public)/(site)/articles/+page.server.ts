import { db } from '$lib/server/runtime';
import { loadArticleList } from '$lib/server/services/public-site';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => ({ articles: await loadArticleList(db()) });
