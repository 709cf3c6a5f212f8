import { db } from '$lib/server/runtime';
import { loadServiceList } from '$lib/server/services/public-site';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const services = await loadServiceList(db());
	const wanted = url.searchParams.get('service');
	return { services, chosen: services.find((service) => service.slug === wanted) ?? null };
};
