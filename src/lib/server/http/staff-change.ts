import { error, type RequestEvent } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import type { StaffChangeContext } from '../services/record-staff-change';

/**
 * The signed-in staff member behind a form action and the context their change is recorded
 * with (the clock, their address and the request id); 401 when nobody is signed in.
 */
export function staffChange(event: RequestEvent) {
	const staff = event.locals.staff;
	if (!staff) error(401, 'Sign in first');
	const context: StaffChangeContext = {
		now: Temporal.Now.instant(),
		request: { ip: event.getClientAddress(), requestId: event.locals.requestId }
	};
	return { staff, context };
}
