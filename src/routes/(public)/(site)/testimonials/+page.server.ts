import { db } from '$lib/server/runtime';
import { publishedOutcomeSummaryDate } from '$lib/server/services/outcome-report';
import { loadTestimonialList } from '$lib/server/services/public-site';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const [list, outcomeSummaryOn] = await Promise.all([
		loadTestimonialList(db()),
		publishedOutcomeSummaryDate(db())
	]);
	// The "results vary" note links to the clinic's outcome summary while one is published.
	return { ...list, outcomeSummaryPublished: outcomeSummaryOn !== null };
};
