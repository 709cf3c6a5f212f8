import type { Kysely } from 'kysely';
import { z } from 'zod';
import { wholeNumber } from '$lib/domain/settings/fields';
import { can } from '$lib/domain/staff/roles';
import { findClinic } from '../db/repositories/clinic-repository';
import { loadClinicPolicy, saveClinicPolicy } from '../db/repositories/schedule-repository';
import { listServices, saveServiceSettings } from '../db/repositories/service-repository';
import type { Database } from '../db/schema';
import { readOwnerForm } from './settings-result';
import type { StaffActor } from './audit';
import { recordStaffChange, type StaffChangeContext } from './record-staff-change';

/** The booking policy and the services, for the owner's settings page. */
export async function loadClinicSettings(db: Kysely<Database>, staff: StaffActor) {
	if (!can(staff, 'settings.manage')) return { kind: 'forbidden' as const };
	const [policy, services, clinic] = await Promise.all([
		loadClinicPolicy(db),
		listServices(db),
		findClinic(db)
	]);
	return { kind: 'ok' as const, policy, services, clinicExists: clinic !== null };
}

const policyForm = z.object({
	slotStepMinutes: wholeNumber('The slot step', 5, 120).refine(
		(value) => 60 % value === 0 || value % 60 === 0,
		'The slot step must divide an hour (5, 10, 15, 20, 30 or 60 minutes).'
	),
	minimumNoticeMinutes: wholeNumber('The minimum notice', 0, 10_080),
	bookingWindowDays: wholeNumber('The booking window', 1, 365),
	cancellationCutoffHours: wholeNumber('The cancellation cutoff', 0, 168),
	reminderLeadHours: wholeNumber('The reminder lead time', 1, 168)
});

/** Saves the booking policy; open slots follow it at once. */
export async function updateBookingPolicy(
	db: Kysely<Database>,
	input: Record<string, string>,
	staff: StaffActor,
	context: StaffChangeContext
): Promise<
	{ kind: 'saved' } | { kind: 'forbidden' } | { kind: 'invalid'; errors: Record<string, string> }
> {
	const parsed = readOwnerForm(staff, policyForm, input);
	if (!parsed.ok) return parsed.result;
	// The policy lives on the clinic's row: a real clinic saves its profile first.
	if (!(await findClinic(db))) {
		return {
			kind: 'invalid',
			errors: { slotStepMinutes: 'Save the clinic profile first, then the booking policy.' }
		};
	}
	await db.transaction().execute(async (trx) => {
		const before = await loadClinicPolicy(trx);
		await saveClinicPolicy(trx, parsed.data);
		await recordStaffChange(trx, staff, context, {
			action: 'settings.booking_policy',
			before,
			after: parsed.data
		});
	});
	return { kind: 'saved' };
}

const serviceForm = z.object({
	id: z.coerce.number().int().positive(),
	name: z.string().trim().min(3, 'Give the service a name.').max(120),
	summary: z.string().trim().min(10, 'Describe the service in a sentence.').max(400),
	durationMinutes: wholeNumber('The duration', 5, 480),
	bufferBeforeMinutes: wholeNumber('The buffer before', 0, 120),
	bufferAfterMinutes: wholeNumber('The buffer after', 0, 120),
	price: z
		.string()
		.trim()
		.regex(/^\$?\d{1,5}(\.\d{2})?$/, 'Write the price like 85 or 85.50.'),
	roomKind: z
		.string()
		.trim()
		.max(40)
		.transform((value) => (value === '' ? null : value)),
	bookableOnline: z.string().optional(),
	newPatientsOnly: z.string().optional()
});

/** Saves one service. Existing appointments keep the time they already hold. */
export async function updateService(
	db: Kysely<Database>,
	input: Record<string, string>,
	staff: StaffActor,
	context: StaffChangeContext
): Promise<
	| { kind: 'saved' }
	| { kind: 'forbidden' }
	| { kind: 'not_found' }
	| { kind: 'invalid'; errors: Record<string, string> }
> {
	const parsed = readOwnerForm(staff, serviceForm, input);
	if (!parsed.ok) return parsed.result;
	const value = parsed.data;
	const settings = {
		name: value.name,
		summary: value.summary,
		durationMinutes: value.durationMinutes,
		bufferBeforeMinutes: value.bufferBeforeMinutes,
		bufferAfterMinutes: value.bufferAfterMinutes,
		priceCents: Math.round(Number(value.price.replace('$', '')) * 100),
		roomKind: value.roomKind,
		bookableOnline: value.bookableOnline === 'on',
		newPatientsOnly: value.newPatientsOnly === 'on'
	};
	return db.transaction().execute(async (trx) => {
		const before = (await listServices(trx)).find((service) => service.id === value.id);
		if (!before || !(await saveServiceSettings(trx, value.id, settings))) {
			return { kind: 'not_found' as const };
		}
		await recordStaffChange(trx, staff, context, {
			action: 'settings.service',
			subject: { type: 'service', id: value.id },
			before,
			after: settings
		});
		return { kind: 'saved' as const };
	});
}
