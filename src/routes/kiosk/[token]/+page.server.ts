import { fail } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import { answerCheckIn } from '$lib/server/http/check-in-action';
import { db } from '$lib/server/runtime';
import { loadCheckIn } from '$lib/server/services/check-in';
import { limitFormPosts } from '$lib/server/http/form-rate-limit';
import type { Actions, PageServerLoad } from './$types';

/*
 * The front desk's tablet in kiosk mode: one appointment's check-in behind a one-time token
 * (see startKiosk). The staff member was signed out on the way here. The page has no site
 * navigation and no links out; anything but an open check-in says to hand the tablet back.
 */
export const load: PageServerLoad = async ({ params, setHeaders }) => {
	setHeaders({ 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex, nofollow' });
	const state = await loadCheckIn(
		db(),
		{ via: 'kiosk', token: params.token },
		Temporal.Now.instant()
	);
	// Which appointment, and why not: none of the tablet's business once it is not open.
	return state.kind === 'open'
		? {
				open: true as const,
				psfs: state.psfs,
				redFlagSections: state.redFlagSections,
				reasonKnown: state.reasonKnown
			}
		: { open: false as const, psfs: null, redFlagSections: [], reasonKnown: true };
};

export const actions: Actions = {
	answer: async (event) => {
		await limitFormPosts(event);
		const answered = await answerCheckIn(event, 'kiosk');
		return 'refused' in answered ? fail(409, { ended: true as const }) : answered;
	}
};
