import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { foldCalendar, unfoldCalendar } from '$lib/domain/booking/calendar-lines';
import type { Database } from '../db/schema';

/**
 * Links minted when an email is sent (ADR 0031).
 *
 * An outbox row never holds a token. The email is written with a placeholder where each link
 * goes ({@link linkPlaceholder}) and a *link intent* per placeholder: a purpose and the ids
 * its minter needs (`{ purpose: 'appointment_manage', appointmentId: 7 }`). In the step where
 * the worker has claimed the message and is about to hand it to the mail server, it asks the
 * purpose's {@link LinkMinter} for a fresh token (the minter stores only its SHA-256 hash)
 * and puts the URL into the subject, text, html and calendar file ({@link fillLinks}). The
 * token exists in clear only in the email that went out.
 *
 * Adding a kind of link:
 * 1. write a minter: make a token with `newSecretToken()`, store `hash` wherever the link is
 *    checked (the `emailed_link` table via `insertEmailedLink` fits most), return the path
 *    with `token` in it, or `null` when the link must not go out any more (the record is gone
 *    or was replaced: the worker then skips the email);
 * 2. register it once at module load with {@link registerLinkPurpose} (the built-in ones are
 *    in `link-purposes.ts`, which the worker imports; add yours there or import your module
 *    from it, so that every process that sends mail knows it);
 * 3. queue the email with `links: { name: intent }` and `linkPlaceholder(name)` in the text
 *    where the URL goes (the placeholder may be followed by a path, e.g. `/intake`).
 *
 * A retried send mints a new token: each email that went out carries a link that worked when
 * it was sent. Whether earlier ones keep working is the purpose's choice (an emailed manage
 * link does; a feedback or revoke link is replaced by the newest).
 */

/** What a link needs to be minted at sending time: its purpose and ids, never a token. */
export interface LinkIntent {
	purpose: string;
	[key: string]: string | number | boolean | null;
}

/** What the minter is told about the email the link goes into. */
export interface LinkMintContext {
	now: Temporal.Instant;
	/** The address the email goes to (as written in the outbox row). */
	recipient: string;
	outboxId: number;
	appointmentId: number | null;
}

/**
 * Makes one link for an intent: stores the token's hash and returns the path (or absolute
 * URL) with the token in it, or null when the link must no longer go out (the email is then
 * skipped, not sent with a dead link).
 */
export type LinkMinter = (
	db: Kysely<Database>,
	intent: LinkIntent,
	context: LinkMintContext
) => Promise<string | null>;

const minters = new Map<string, LinkMinter>();

/**
 * Registers the minter of a link purpose (at module load). Registering a purpose again
 * replaces its minter, as when a module is reloaded in development: purpose names must be
 * unique across the application.
 */
export function registerLinkPurpose(purpose: string, minter: LinkMinter): void {
	minters.set(purpose, minter);
}

/** Whether a minter is registered for `purpose`. */
export function hasLinkPurpose(purpose: string): boolean {
	return minters.has(purpose);
}

const placeholderBase = 'https://link.invalid/';
const placeholderPattern = /https:\/\/link\.invalid\/([a-z][a-z0-9_]*)/g;

/**
 * What stands for link `name` in a queued email until it is sent. It is a URL on the reserved
 * `.invalid` domain, so that libraries which check URLs (the calendar writer) accept it; a path
 * may follow it (`${linkPlaceholder('manage')}/intake`).
 */
export function linkPlaceholder(name: string): string {
	if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new Error(`bad link name "${name}"`);
	return `${placeholderBase}${name}`;
}

/** The parts of an email that may carry links. */
export interface LinkedEmail {
	subject: string;
	text: string;
	html?: string;
	calendar?: { method: 'REQUEST' | 'CANCEL'; content: string };
}

/**
 * Mints every link of a queued email: `null` when one of them must no longer go out, otherwise
 * the absolute URL per link name (relative paths are resolved against `origin`).
 * @throws when a purpose has no registered minter.
 */
export async function mintLinks(
	db: Kysely<Database>,
	links: Record<string, LinkIntent>,
	origin: string,
	context: LinkMintContext
): Promise<Record<string, string> | null> {
	const urls: Record<string, string> = {};
	for (const [name, intent] of Object.entries(links)) {
		const minter = minters.get(intent.purpose);
		if (!minter) throw new Error(`no minter for link purpose "${intent.purpose}"`);
		const path = await minter(db, intent, context);
		if (path === null) return null;
		urls[name] = new URL(path, origin).href;
	}
	return urls;
}

/**
 * Puts minted URLs in place of their placeholders in the subject, text, html and calendar
 * file. The calendar file is unfolded first and folded again afterwards (RFC 5545 lines of at
 * most 75 octets), since a URL is longer than its placeholder and a fold may split one.
 * @throws when a placeholder has no URL (the email would go out with a dead link).
 */
export function fillLinks<T extends LinkedEmail>(email: T, urls: Record<string, string>): T {
	const replace = (value: string) =>
		value.replace(placeholderPattern, (_match, name: string) => {
			const url = urls[name];
			if (url === undefined) throw new Error(`no link minted for "${name}"`);
			return url;
		});
	const filled: T = { ...email, subject: replace(email.subject), text: replace(email.text) };
	if (email.html !== undefined) filled.html = replace(email.html);
	if (email.calendar) {
		filled.calendar = {
			...email.calendar,
			content: foldCalendar(replace(unfoldCalendar(email.calendar.content)))
		};
	}
	return filled;
}
