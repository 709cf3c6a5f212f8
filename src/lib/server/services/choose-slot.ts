import { Temporal } from 'temporal-polyfill';
import { formatClockTime, formatLongDate } from '$lib/domain/booking/appointment-time';
import {
	checkBooking,
	collapseToOnePerStart,
	findOpenSlots,
	type OpenSlot,
	type RefusalReason,
	type SchedulingInput
} from '$lib/domain/scheduling';

export interface SlotChoice {
	serviceId: number;
	practitionerId: number | 'any';
	locationId: number;
	timeZone: string;
	start: Temporal.Instant;
	/** Practitioners who offer the service. */
	offering: readonly number[];
}

/**
 * Decides whether a requested time is still open and with whom and in which room. For "any
 * practitioner" it picks the same practitioner the booking page would have shown.
 */
export function chooseSlot(
	input: SchedulingInput,
	choice: SlotChoice
): { open: true; slot: OpenSlot } | { open: false; reason: RefusalReason } {
	if (choice.practitionerId !== 'any') {
		return checkBooking(input, {
			serviceId: choice.serviceId,
			practitionerId: choice.practitionerId,
			start: choice.start,
			locationId: choice.locationId
		});
	}
	const date = choice.start.toZonedDateTimeISO(choice.timeZone).toPlainDate();
	const atThatTime = findOpenSlots(input, {
		serviceId: choice.serviceId,
		practitionerId: 'any',
		locationId: choice.locationId,
		from: date,
		to: date,
		practitionerIds: choice.offering
	}).filter((slot) => slot.start.epochMilliseconds === choice.start.epochMilliseconds);
	const [slot] = collapseToOnePerStart(atThatTime, input);
	if (slot) return { open: true, slot };
	// Ask the first practitioner who offers it, only to learn a reason worth telling.
	const first = choice.offering[0];
	const check =
		first === undefined
			? null
			: checkBooking(input, {
					serviceId: choice.serviceId,
					practitionerId: first,
					start: choice.start,
					locationId: choice.locationId
				});
	return { open: false, reason: check && !check.open ? check.reason : 'practitioner_busy' };
}

/** An alternative time as a refusal page offers it. */
export interface AlternativeChoice {
	start: string;
	/** The local date, for links back into the booking steps. */
	date: string;
	/** "Tuesday, March 16, 2027, 9:00 am" */
	label: string;
	practitionerName: string;
	/** 'any' when the patient asked for anyone, so the choice stays open; else who is offered. */
	practitionerSlug: string;
}

/** Up to six alternatives, labelled in the clinic's zone, for a "just taken" page. */
export function describeAlternatives(
	slots: readonly OpenSlot[],
	options: {
		timeZone: string;
		practitioners: readonly { id: number; slug: string; name: string }[];
		keepAnyone: boolean;
	}
): AlternativeChoice[] {
	return slots.slice(0, 6).map((slot) => {
		const local = slot.start.toZonedDateTimeISO(options.timeZone);
		const practitioner = options.practitioners.find((entry) => entry.id === slot.practitionerId);
		return {
			start: slot.start.toString(),
			date: local.toPlainDate().toString(),
			label: `${formatLongDate(local.toPlainDate())}, ${formatClockTime(local)}`,
			practitionerName: practitioner?.name ?? '',
			practitionerSlug: options.keepAnyone ? 'any' : (practitioner?.slug ?? 'any')
		};
	});
}
