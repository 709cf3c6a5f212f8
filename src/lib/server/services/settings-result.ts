import type { StaffChangeContext } from './record-staff-change';

/** What an owner's settings change came to, for the route to turn into a page or a fail(). */
export type SettingsResult =
	| { kind: 'saved' }
	| { kind: 'forbidden' }
	| { kind: 'not_found' }
	/** Field errors, keyed by field name, to show beside the fields. */
	| { kind: 'invalid'; errors: Record<string, string> }
	/** The change is well formed but may not be made now; the message says why. */
	| { kind: 'refused'; message: string };

/** The clock and the request a settings change is recorded with. */
export type SettingsContext = StaffChangeContext;
