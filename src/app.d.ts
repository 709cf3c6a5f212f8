// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
	namespace App {
		interface Error {
			message: string;
			/** The clinic's phone, for error pages shown when the database cannot be read. */
			phone?: { display: string; href: string };
			/** Set when the database could not be reached: the page says "back in a moment". */
			unavailable?: boolean;
			/** Set when a public form was posted too often (ADR 0033): the page says "wait". */
			tooMany?: boolean;
			/**
			 * Set while a real clinic is being set up (ADR 0034): the "opening soon" page, with
			 * whatever contact details the owner has entered so far.
			 */
			openingSoon?: {
				name: string | null;
				phone: { display: string; href: string } | null;
				email: string | null;
				address: string | null;
			};
		}
		interface Locals {
			requestId: string;
			/** The signed-in staff member on /admin pages, or null. */
			staff: import('$lib/server/auth/service').StaffSession | null;
			/** Set by handleError when the request failed because the database was away. */
			databaseUnavailable?: boolean;
		}
	}
	namespace NodeJS {
		interface Process {
			// adapter-node and our own server emit this once requests have drained.
			once(event: 'sveltekit:shutdown', listener: (reason: string) => void): this;
		}
	}
}

export {};
