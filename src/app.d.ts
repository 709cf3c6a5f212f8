// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
	namespace App {
		interface Error {
			message: string;
			/** The clinic's phone, for error pages shown when the database cannot be read. */
			phone?: { display: string; href: string };
		}
		interface Locals {
			requestId: string;
			/** The signed-in staff member on /admin pages, or null. */
			staff: import('$lib/server/auth/service').StaffSession | null;
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
