import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { practitionerFeed } from '$lib/domain/booking/calendar-file';
import {
	findFeedPractitioner,
	listFeedAppointments,
	saveFeedTokenHash
} from '../db/repositories/practitioner-feed-repository';
import { listPractitioners } from '../db/repositories/practitioner-repository';
import type { Database } from '../db/schema';
import { hashToken, looksLikeToken, newSecretToken } from './tokens';

/**
 * Issues a new secret feed URL for a practitioner, replacing any earlier one (so a leaked URL
 * is revoked by issuing a new one). Returns null for an unknown practitioner.
 */
export async function issuePractitionerFeed(
	db: Kysely<Database>,
	practitionerSlug: string,
	context: { now: Temporal.Instant; origin: URL }
): Promise<string | null> {
	const practitioners = await listPractitioners(db);
	const practitioner = practitioners.find((entry) => entry.slug === practitionerSlug);
	if (!practitioner) return null;
	const token = newSecretToken();
	await saveFeedTokenHash(db, practitioner.id, token.hash, context.now);
	return new URL(`/calendar/${token.token}.ics`, context.origin).href;
}

/** The feed for a token: 30 days back to 120 days ahead, or null for an unknown token. */
export async function loadPractitionerFeed(
	db: Kysely<Database>,
	token: string,
	context: { now: Temporal.Instant; origin: URL }
): Promise<string | null> {
	if (!looksLikeToken(token)) return null;
	const practitioner = await findFeedPractitioner(db, hashToken(token));
	if (!practitioner) return null;
	const window = {
		from: context.now.subtract({ hours: 24 * 30 }),
		until: context.now.add({ hours: 24 * 120 })
	};
	const entries = await listFeedAppointments(db, practitioner.id, window);
	return practitionerFeed(entries, {
		uidDomain: context.origin.hostname,
		calendarName: `${practitioner.name}: clinic schedule`,
		now: context.now,
		window
	});
}
