import { Temporal } from 'temporal-polyfill';
import { db } from '$lib/server/runtime';
import { loadTestimonialsPage } from '$lib/server/services/public-testimonials';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => loadTestimonialsPage(db(), Temporal.Now.instant());
