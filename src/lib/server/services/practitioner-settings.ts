import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { fieldErrors } from '$lib/domain/booking/contact-details';
import { recordId } from '$lib/domain/settings/fields';
import {
	chosenServiceIds,
	deactivationRefusal,
	practitionerActiveForm,
	practitionerProfileForm,
	serviceCheckboxName,
	servicesRefusal
} from '$lib/domain/settings/practitioner';
import { can } from '$lib/domain/staff/roles';
import { renderMarkdown } from '../content/render-markdown';
import { countUpcomingAppointments } from '../db/repositories/appointment-repository';
import { listLocations } from '../db/repositories/clinic-repository';
import {
	findPractitionerSettings,
	listAllPractitioners,
	replacePractitionerServices,
	savePractitionerProfile,
	setPractitionerActive,
	type PractitionerSettingsRecord
} from '../db/repositories/practitioner-repository';
import { lockLocationSchedule } from '../db/repositories/schedule-repository';
import { listServices } from '../db/repositories/service-repository';
import type { Database } from '../db/schema';
import type { StaffActor } from './audit';
import { loadNewPractitionerChoices } from './clinic-setup';
import { recordStaffChange } from './record-staff-change';
import type { SettingsContext, SettingsResult } from './settings-result';

const profileOf = (practitioner: PractitionerSettingsRecord) => ({
	name: practitioner.name,
	credentials: practitioner.credentials,
	title: practitioner.title,
	summary: practitioner.summary,
	bioMarkdown: practitioner.bioMarkdown,
	displayOrder: practitioner.displayOrder
});

/** Every practitioner, inactive ones too, with the services they offer, for the owner. */
export async function listPractitionerSettings(db: Kysely<Database>, staff: StaffActor) {
	if (!can(staff, 'settings.manage')) return { kind: 'forbidden' as const };
	const [practitioners, services, choices] = await Promise.all([
		listAllPractitioners(db),
		listServices(db),
		loadNewPractitionerChoices(db)
	]);
	return {
		kind: 'ok' as const,
		/** For the new-practitioner form. */
		choices,
		practitioners: practitioners.map((practitioner) => ({
			id: practitioner.id,
			name: practitioner.name,
			title: practitioner.title,
			active: practitioner.active,
			displayOrder: practitioner.displayOrder,
			services: services
				.filter((service) => practitioner.serviceIds.includes(service.id))
				.map((service) => service.name)
		}))
	};
}

/**
 * One practitioner's profile, services and state for the owner, with the biography rendered
 * exactly as the public page renders it.
 */
export async function loadPractitionerSettings(
	db: Kysely<Database>,
	staff: StaffActor,
	id: number,
	now: Temporal.Instant
) {
	if (!can(staff, 'settings.manage')) return { kind: 'forbidden' as const };
	if (!recordId.safeParse(id).success) return { kind: 'not_found' as const };
	const [practitioner, services] = await Promise.all([
		findPractitionerSettings(db, id),
		listServices(db)
	]);
	if (!practitioner) return { kind: 'not_found' as const };
	return {
		kind: 'ok' as const,
		practitioner: {
			id: practitioner.id,
			slug: practitioner.slug,
			active: practitioner.active,
			profile: profileOf(practitioner)
		},
		bioHtml: renderMarkdown(practitioner.bioMarkdown),
		services: services.map((service) => ({
			id: service.id,
			name: service.name,
			field: serviceCheckboxName(service.id),
			offered: practitioner.serviceIds.includes(service.id)
		})),
		upcomingAppointments: await countUpcomingAppointments(db, { practitionerId: id }, now)
	};
}

/** Saves a practitioner's public profile; the public pages show it on the next load. */
export async function updatePractitionerProfile(
	db: Kysely<Database>,
	id: number,
	input: Record<string, string>,
	staff: StaffActor,
	context: SettingsContext
): Promise<SettingsResult> {
	if (!can(staff, 'settings.manage')) return { kind: 'forbidden' };
	if (!recordId.safeParse(id).success) return { kind: 'not_found' };
	const parsed = practitionerProfileForm.safeParse(input);
	if (!parsed.success) return { kind: 'invalid', errors: fieldErrors(parsed.error) };
	return db.transaction().execute(async (trx): Promise<SettingsResult> => {
		const before = await findPractitionerSettings(trx, id);
		if (!before || !(await savePractitionerProfile(trx, id, parsed.data))) {
			return { kind: 'not_found' };
		}
		await recordStaffChange(trx, staff, context, {
			action: 'settings.practitioner',
			subject: { type: 'practitioner', id },
			before: profileOf(before),
			after: parsed.data
		});
		return { kind: 'saved' };
	});
}

/**
 * Saves which services a practitioner offers. Booked visits stay; new bookings follow the new
 * list at once.
 */
export async function updatePractitionerServices(
	db: Kysely<Database>,
	id: number,
	input: Record<string, string>,
	staff: StaffActor,
	context: SettingsContext
): Promise<SettingsResult> {
	if (!can(staff, 'settings.manage')) return { kind: 'forbidden' };
	if (!recordId.safeParse(id).success) return { kind: 'not_found' };
	return db.transaction().execute(async (trx): Promise<SettingsResult> => {
		const [before, services] = await Promise.all([
			findPractitionerSettings(trx, id),
			listServices(trx)
		]);
		if (!before) return { kind: 'not_found' };
		const serviceIds = chosenServiceIds(
			input,
			services.map((service) => service.id)
		);
		const refusal = servicesRefusal({ active: before.active, serviceIds });
		if (refusal) return { kind: 'invalid', errors: { services: refusal } };
		// Services taken offline are not on the form, so their links stay as they were.
		const hidden = before.serviceIds.filter((serviceId) =>
			services.every((service) => service.id !== serviceId)
		);
		const after = [...serviceIds, ...hidden].sort((a, b) => a - b);
		await replacePractitionerServices(trx, id, after);
		await recordStaffChange(trx, staff, context, {
			action: 'settings.practitioner',
			subject: { type: 'practitioner', id },
			before: { serviceIds: before.serviceIds },
			after: { serviceIds: after }
		});
		return { kind: 'saved' };
	});
}

/**
 * Makes a practitioner active (shown on the public site and offered for booking) or inactive.
 * Deactivation is refused while they hold visits booked ahead; every location's schedule lock
 * keeps a booking from slipping in between the count and the change.
 */
export async function updatePractitionerActive(
	db: Kysely<Database>,
	id: number,
	input: Record<string, string>,
	staff: StaffActor,
	context: SettingsContext
): Promise<SettingsResult> {
	if (!can(staff, 'settings.manage')) return { kind: 'forbidden' };
	if (!recordId.safeParse(id).success) return { kind: 'not_found' };
	const parsed = practitionerActiveForm.safeParse(input);
	if (!parsed.success) return { kind: 'invalid', errors: fieldErrors(parsed.error) };
	const active = parsed.data.active === 'yes';
	return db.transaction().execute(async (trx): Promise<SettingsResult> => {
		const before = await findPractitionerSettings(trx, id);
		if (!before) return { kind: 'not_found' };
		if (before.active === active) return { kind: 'saved' };
		if (active) {
			const refusal = servicesRefusal({ active, serviceIds: before.serviceIds });
			if (refusal) return { kind: 'refused', message: refusal };
		} else {
			for (const location of await listLocations(trx)) {
				await lockLocationSchedule(trx, location.id);
			}
			const refusal = deactivationRefusal({
				name: before.name,
				upcomingAppointments: await countUpcomingAppointments(
					trx,
					{ practitionerId: id },
					context.now
				)
			});
			if (refusal) return { kind: 'refused', message: refusal };
		}
		await setPractitionerActive(trx, id, active);
		await recordStaffChange(trx, staff, context, {
			action: 'settings.practitioner',
			subject: { type: 'practitioner', id },
			before: { active: before.active },
			after: { active }
		});
		return { kind: 'saved' };
	});
}
