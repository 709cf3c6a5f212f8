import { error } from '@sveltejs/kit';
import { isDatabaseUnavailable } from '$lib/server/db/availability-errors';
import { db } from '$lib/server/runtime';
import { ClinicNotSetUp, loadOpeningSoon, loadSiteShell } from '$lib/server/services/public-site';
import type { LayoutServerLoad } from './$types';

/** The last clinic details read, so that an outage page can still show the phone number. */
let lastShell: Awaited<ReturnType<typeof loadSiteShell>> | null = null;

/**
 * Pages a patient reaches through a link delivered to them (manage, intake, consent, feedback,
 * revocation) work as soon as the clinic exists: staff may book callers before the website
 * opens. Everything else waits for the owner's "Open online booking" (ADR 0034).
 */
const reachedByLink = [
	'/(public)/manage/',
	'/(public)/feedback/',
	'/(public)/(site)/testimonials/revoke/'
];

async function openingSoon(): Promise<never> {
	const contact = await loadOpeningSoon(db());
	error(503, {
		message: contact.name
			? `${contact.name} is opening soon.`
			: 'This clinic’s website is opening soon.',
		openingSoon: contact
	});
}

export const load: LayoutServerLoad = async ({ route }) => {
	let shell: Awaited<ReturnType<typeof loadSiteShell>>;
	try {
		shell = await loadSiteShell(db());
		lastShell = shell;
	} catch (cause) {
		if (cause instanceof ClinicNotSetUp) return openingSoon();
		// Every page needs the clinic's details: when the database is briefly away, say so
		// plainly with a 503 rather than a 500, and keep the phone number on the page.
		if (isDatabaseUnavailable(cause)) {
			const phone = lastShell?.phone;
			error(503, {
				message: phone
					? `We are having a short technical problem. To book or ask anything, call us on ${phone.display}.`
					: 'We are having a short technical problem.',
				phone,
				unavailable: true
			});
		}
		throw cause;
	}
	if (!shell.open && !reachedByLink.some((prefix) => route.id?.startsWith(prefix))) {
		return openingSoon();
	}
	return { shell };
};
