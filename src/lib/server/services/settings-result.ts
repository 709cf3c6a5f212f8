import type { ZodType } from 'zod';
import { fieldErrors } from '$lib/domain/booking/contact-details';
import { can, type PermissionHolder } from '$lib/domain/staff/roles';
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

/**
 * The first two steps of every owner's settings change: only the owner may make it, and the
 * form must parse. Either the parsed values, or the result to answer with.
 */
export function readOwnerForm<T>(
	staff: PermissionHolder,
	schema: ZodType<T>,
	input: Record<string, string>
):
	| { ok: true; data: T }
	| {
			ok: false;
			result: { kind: 'forbidden' } | { kind: 'invalid'; errors: Record<string, string> };
	  } {
	if (!can(staff, 'settings.manage')) return { ok: false, result: { kind: 'forbidden' } };
	const parsed = schema.safeParse(input);
	if (!parsed.success) {
		return { ok: false, result: { kind: 'invalid', errors: fieldErrors(parsed.error) } };
	}
	return { ok: true, data: parsed.data };
}
