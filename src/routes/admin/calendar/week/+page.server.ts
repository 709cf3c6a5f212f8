import { error, redirect } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import { db } from '$lib/server/runtime';
import { loadWeekCalendar } from '$lib/server/services/staff-calendar';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, getClientAddress }) => {
	if (!locals.staff) error(401, 'Sign in first');
	const week = await loadWeekCalendar(
		db(),
		{ date: url.searchParams.get('date'), practitioner: url.searchParams.get('practitioner') },
		locals.staff,
		{
			now: Temporal.Now.instant(),
			request: { ip: getClientAddress(), requestId: locals.requestId }
		}
	);
	if (week.kind === 'forbidden') error(403, 'Your role cannot see the schedule');
	// Nothing to show before the clinic has a location: the home page says what comes first.
	if (week.kind === 'not_set_up') redirect(303, '/admin?setup=needed');
	return { week };
};
