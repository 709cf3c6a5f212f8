import type { Kysely } from 'kysely';
import { z } from 'zod';
import { fieldErrors } from '$lib/domain/booking/contact-details';
import {
	expandWeekdayChoice,
	formatWeeklyInterval,
	mondayToFriday,
	weekdayChoices
} from '$lib/domain/clinic/opening-hours';
import type { Weekday } from '$lib/domain/clinic/types';
import { can } from '$lib/domain/staff/roles';
import { listLocations } from '../db/repositories/clinic-repository';
import { listPractitioners } from '../db/repositories/practitioner-repository';
import {
	deleteWeeklyHours,
	insertWeeklyHours,
	listAllWeeklyHours
} from '../db/repositories/schedule-repository';
import type { Database } from '../db/schema';
import type { StaffActor } from './audit';
import { recordStaffChange, type StaffChangeContext } from './record-staff-change';

/** Each practitioner's weekly hours, for the owner. */
export async function loadWorkingHours(db: Kysely<Database>, staff: StaffActor) {
	if (!can(staff, 'settings.manage')) return { kind: 'forbidden' as const };
	const [practitioners, hours] = await Promise.all([listPractitioners(db), listAllWeeklyHours(db)]);
	return {
		kind: 'ok' as const,
		practitioners: practitioners.map((practitioner) => ({
			id: practitioner.id,
			name: practitioner.name,
			hours: hours
				.filter((entry) => entry.practitionerId === practitioner.id)
				.map((entry) => ({
					id: entry.id,
					text: formatWeeklyInterval(entry.weekday as Weekday, entry.start, entry.end)
				}))
		})),
		weekdays: [...weekdayChoices(), mondayToFriday]
	};
}

const wallTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use a time such as 09:00.');
const hoursForm = z
	.object({
		practitioner: z.coerce.number().int().positive('Choose a practitioner.'),
		weekday: z.coerce.number().int().min(1, 'Choose a day.').max(7, 'Choose a day.'),
		start: wallTime,
		end: wallTime
	})
	.refine((value) => value.start !== value.end, {
		path: ['end'],
		message: 'The end must differ from the start (an earlier end means past midnight).'
	});

/** Adds weekly hours; new slots appear at once. */
export async function addWorkingHours(
	db: Kysely<Database>,
	input: Record<string, string>,
	staff: StaffActor,
	context: StaffChangeContext
): Promise<
	{ kind: 'added' } | { kind: 'forbidden' } | { kind: 'invalid'; errors: Record<string, string> }
> {
	if (!can(staff, 'settings.manage')) return { kind: 'forbidden' };
	// "Monday to Friday" adds the same interval to each of the five days, all or none.
	const days: z.infer<typeof hoursForm>[] = [];
	for (const weekday of expandWeekdayChoice(input.weekday ?? '')) {
		const parsed = hoursForm.safeParse({ ...input, weekday });
		if (!parsed.success) return { kind: 'invalid', errors: fieldErrors(parsed.error) };
		days.push(parsed.data);
	}
	const [practitioners, locations] = await Promise.all([listPractitioners(db), listLocations(db)]);
	const location = locations[0];
	const practitionerId = days[0]?.practitioner;
	if (!location || !practitioners.some((entry) => entry.id === practitionerId)) {
		return { kind: 'invalid', errors: { practitioner: 'Choose a practitioner.' } };
	}
	await db.transaction().execute(async (trx) => {
		for (const day of days) {
			const hours = {
				practitionerId: day.practitioner,
				locationId: location.id,
				weekday: day.weekday,
				start: day.start,
				end: day.end
			};
			const id = await insertWeeklyHours(trx, hours);
			await recordStaffChange(trx, staff, context, {
				action: 'settings.hours_add',
				subject: { type: 'practitioner_hours', id },
				after: hours
			});
		}
	});
	return { kind: 'added' };
}

/** Removes weekly hours; booked appointments stay, but no new ones are offered then. */
export async function removeWorkingHours(
	db: Kysely<Database>,
	id: number,
	staff: StaffActor,
	context: StaffChangeContext
): Promise<{ kind: 'removed' } | { kind: 'forbidden' } | { kind: 'not_found' }> {
	if (!can(staff, 'settings.manage')) return { kind: 'forbidden' };
	return db.transaction().execute(async (trx) => {
		const before = (await listAllWeeklyHours(trx)).find((entry) => entry.id === id);
		if (!before || !(await deleteWeeklyHours(trx, id))) return { kind: 'not_found' as const };
		await recordStaffChange(trx, staff, context, {
			action: 'settings.hours_remove',
			subject: { type: 'practitioner_hours', id },
			before
		});
		return { kind: 'removed' as const };
	});
}
