import { error } from '@sveltejs/kit';
import { isDatabaseUnavailable } from '$lib/server/db/availability-errors';
import { db } from '$lib/server/runtime';
import { ClinicNotSetUp, loadSiteShell } from '$lib/server/services/public-site';
import type { LayoutServerLoad } from './$types';

/** The last clinic details read, so that an outage page can still show the phone number. */
let lastShell: Awaited<ReturnType<typeof loadSiteShell>> | null = null;

export const load: LayoutServerLoad = async () => {
	try {
		lastShell = await loadSiteShell(db());
		return { shell: lastShell };
	} catch (cause) {
		// Every page needs the clinic's details: when the database is briefly away, say so
		// plainly with a 503 rather than a 500, and keep the phone number on the page.
		if (cause instanceof ClinicNotSetUp) {
			error(503, { message: "This clinic's website is being set up. Please come back soon." });
		}
		if (isDatabaseUnavailable(cause)) {
			const phone = lastShell?.phone;
			error(503, {
				message: phone
					? `We are having a short technical problem. To book or ask anything, call us on ${phone.display}.`
					: 'We are having a short technical problem.',
				phone
			});
		}
		throw cause;
	}
};
