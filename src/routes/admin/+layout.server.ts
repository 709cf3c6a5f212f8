import { Temporal } from 'temporal-polyfill';
import { formatClockTime } from '$lib/domain/booking/appointment-time';
import { roleLabels } from '$lib/domain/staff/roles';
import { db } from '$lib/server/runtime';
import { loadClinicZone } from '$lib/server/services/clinic-contact';
import type { LayoutServerLoad } from './$types';

/** Access is decided in hooks.server.ts (adminAccess) before this runs, actions included. */
export const load: LayoutServerLoad = async ({ locals, setHeaders }) => {
	setHeaders({ 'Cache-Control': 'no-store' });
	const staff = locals.staff;
	if (!staff) return { staff: null };
	const zone = await loadClinicZone(db());
	const clock = (date: Date) =>
		`${formatClockTime(Temporal.Instant.fromEpochMilliseconds(date.getTime()).toZonedDateTimeISO(zone.timeZone))} (${zone.city} time)`;
	return {
		staff: {
			name: staff.name,
			role: staff.role,
			roleLabel: roleLabels[staff.role],
			idleExpiresAtText: clock(staff.idleExpiresAt),
			// Shown on every page while a break-glass grant is in force for this person.
			emergencyUntilText: staff.emergencyAccess ? clock(staff.emergencyAccess.until) : null,
			stage: staff.stage,
			idleExpiresAt: staff.idleExpiresAt.toISOString()
		}
	};
};
