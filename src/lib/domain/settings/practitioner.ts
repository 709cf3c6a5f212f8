import { z } from 'zod';
import { appointmentCount, requiredText, singleLineText, wholeNumber } from './fields';

/** A practitioner's public profile, as the owner edits it. */
export const practitionerProfileForm = z.object({
	name: singleLineText('the name', 2, 120),
	credentials: singleLineText('the credentials (such as L.Ac.)', 2, 120),
	title: singleLineText('a title', 3, 120),
	summary: requiredText('a summary', 10, 400),
	bioMarkdown: requiredText('a biography', 20, 10_000),
	displayOrder: wholeNumber('The display order', 0, 999)
});

export type PractitionerProfile = z.infer<typeof practitionerProfileForm>;

/** Whether to offer a practitioner to patients: the owner's "active" choice. */
export const practitionerActiveForm = z.object({
	active: z.enum(['yes', 'no'], { error: 'Choose active or inactive.' })
});

/** The name of the checkbox for one service on the practitioner's services form. */
export function serviceCheckboxName(serviceId: number): string {
	return `service-${serviceId}`;
}

/** The services ticked on the form, among those the clinic offers. */
export function chosenServiceIds(
	input: Record<string, string>,
	offeredIds: readonly number[]
): number[] {
	return offeredIds.filter((id) => input[serviceCheckboxName(id)] === 'on');
}

/**
 * Why the chosen services may not be saved, or null: an active practitioner with no service is
 * shown to patients but can never be booked, so they are deactivated instead.
 */
export function servicesRefusal(practitioner: {
	active: boolean;
	serviceIds: readonly number[];
}): string | null {
	if (!practitioner.active || practitioner.serviceIds.length > 0) return null;
	return 'Choose at least one service. To stop offering this practitioner, make them inactive.';
}

/**
 * Why a practitioner may not be made inactive now, or null: their booked patients would
 * otherwise come to a practitioner the clinic no longer shows or schedules.
 */
export function deactivationRefusal(practitioner: {
	name: string;
	upcomingAppointments: number;
}): string | null {
	if (practitioner.upcomingAppointments === 0) return null;
	return (
		`${practitioner.name} still has ${appointmentCount(practitioner.upcomingAppointments)} ` +
		'booked ahead. Move them to another practitioner or cancel them first, then make ' +
		`${practitioner.name} inactive.`
	);
}
