import { db } from '$lib/server/runtime';
import { loadTestimonialList } from '$lib/server/services/public-site';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = () => loadTestimonialList(db());
