import type { Kysely } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import {
	formatAppointmentTime,
	formatClockTime,
	formatLongDate,
	zoneAbbreviation
} from '$lib/domain/booking/appointment-time';
import { monthGrid, monthTitle } from '$lib/domain/booking/month-grid';
import {
	parseBookableInstant,
	parseCalendarDate,
	parseCalendarMonth
} from '$lib/domain/booking/parse-time';
import { formatDuration, formatPrice } from '$lib/domain/clinic/money';
import type { OpenSlot } from '$lib/domain/scheduling';
import { listLocations } from '../db/repositories/clinic-repository';
import { listPractitioners } from '../db/repositories/practitioner-repository';
import { loadClinicPolicy } from '../db/repositories/schedule-repository';
import { listServices } from '../db/repositories/service-repository';
import type { Database } from '../db/schema';
import { findAvailability } from './availability';

/** What the visitor has chosen so far, as it arrives in the booking page's query string. */
export interface BookingSelection {
	service?: string | null;
	practitioner?: string | null;
	month?: string | null;
	date?: string | null;
	start?: string | null;
}

/** A slot as the booking page shows it. */
export interface SlotView {
	start: string;
	time: string;
	practitionerId: number;
	practitionerName: string;
}

/**
 * Everything the booking page shows for a selection: the services, who offers the chosen
 * one, a month of days with free times, the free times of the chosen day, and whether the
 * chosen time is still open. Anything in the query that does not fit is ignored, and the page
 * falls back to the last valid step.
 */
export async function loadBookingFlow(
	db: Kysely<Database>,
	selection: BookingSelection,
	now: Temporal.Instant,
	/** Staff also see the services booked by phone only. */
	options: { staff?: boolean } = {}
) {
	const [allServices, practitioners, locations, policy] = await Promise.all([
		listServices(db),
		listPractitioners(db),
		listLocations(db),
		loadClinicPolicy(db)
	]);
	const location = locations[0];
	if (!location) throw new Error('the clinic has no location yet');
	const services = allServices
		.filter((service) => service.bookableOnline || options.staff === true)
		.map((service) => ({
			...service,
			price: formatPrice(service.priceCents),
			duration: formatDuration(service.durationMinutes)
		}));
	const zone = location.timeZone;
	const today = now.toZonedDateTimeISO(zone).toPlainDate();
	const lastDay = today.add({ days: policy.bookingWindowDays });
	// Labelled with the abbreviation in force on the day shown (CST or CDT), not today's.
	const labelFor = (date: Temporal.PlainDate | null) =>
		`${location.city} time (${zoneAbbreviation(
			date
				? date.toZonedDateTime({ timeZone: zone, plainTime: '12:00' })
				: now.toZonedDateTimeISO(zone)
		)})`;
	const shownDate = parseCalendarDate(selection.date);
	const zoneLabel = labelFor(shownDate);
	const base = { services, zone, zoneLabel, location: { id: location.id, city: location.city } };

	const service = services.find((entry) => entry.slug === selection.service) ?? null;
	if (!service) return { ...base, step: 'service' as const, service: null };

	const offering = practitioners
		.filter((practitioner) => practitioner.serviceIds.includes(service.id))
		.map(({ id, slug, name, title }) => ({ id, slug, name, title }));
	const practitioner =
		selection.practitioner === 'any'
			? ('any' as const)
			: (offering.find((entry) => entry.slug === selection.practitioner) ?? null);
	const withService = { ...base, service, practitioners: offering };
	if (!practitioner) return { ...withService, step: 'practitioner' as const, practitioner: null };

	const practitionerId = practitioner === 'any' ? ('any' as const) : practitioner.id;
	const nameOf = (id: number) => offering.find((entry) => entry.id === id)?.name ?? '';
	const toView = (slot: OpenSlot): SlotView => ({
		start: slot.start.toString(),
		time: formatClockTime(slot.start.toZonedDateTimeISO(zone)),
		practitionerId: slot.practitionerId,
		practitionerName: nameOf(slot.practitionerId)
	});
	const daySlots = async (date: Temporal.PlainDate) => {
		const result = await findAvailability(
			db,
			{
				serviceId: service.id,
				practitionerId,
				locationId: location.id,
				from: date,
				to: date,
				collapse: true
			},
			now,
			options
		);
		return result.ok ? result.slots : [];
	};

	// The calendar month: the chosen one, the chosen date's, or this month, within the window.
	const chosenDate = shownDate;
	const firstMonth = today.toPlainYearMonth();
	const lastMonth = lastDay.toPlainYearMonth();
	let month = parseCalendarMonth(selection.month) ?? chosenDate?.toPlainYearMonth() ?? firstMonth;
	if (Temporal.PlainYearMonth.compare(month, firstMonth) < 0) month = firstMonth;
	if (Temporal.PlainYearMonth.compare(month, lastMonth) > 0) month = lastMonth;
	const openDatesIn = async (shown: Temporal.PlainYearMonth) => {
		const result = await findAvailability(
			db,
			{
				serviceId: service.id,
				practitionerId,
				locationId: location.id,
				from: shown.toPlainDate({ day: 1 }),
				to: shown.toPlainDate({ day: shown.daysInMonth }),
				collapse: true
			},
			now,
			options
		);
		return new Set(
			(result.ok ? result.slots : []).map((slot) =>
				slot.start.toZonedDateTimeISO(zone).toPlainDate().toString()
			)
		);
	};
	let openDates = await openDatesIn(month);
	// Nothing left this month (its last days, or a closure): open on the next month with times,
	// unless the visitor asked for this month or a day in it.
	const asked = Boolean(selection.month);
	while (
		openDates.size === 0 &&
		!asked &&
		!chosenDate &&
		Temporal.PlainYearMonth.compare(month, lastMonth) < 0
	) {
		month = month.add({ months: 1 });
		openDates = await openDatesIn(month);
	}
	const calendar = {
		month: month.toString(),
		title: monthTitle(month),
		previous:
			Temporal.PlainYearMonth.compare(month, firstMonth) > 0
				? month.subtract({ months: 1 }).toString()
				: null,
		next:
			Temporal.PlainYearMonth.compare(month, lastMonth) < 0
				? month.add({ months: 1 }).toString()
				: null,
		weeks: monthGrid(month).map((week) =>
			week.map((date) =>
				date
					? {
							date: date.toString(),
							day: date.day,
							label: formatLongDate(date),
							open: openDates.has(date.toString()),
							chosen: chosenDate?.equals(date) ?? false
						}
					: null
			)
		),
		anyOpen: openDates.size > 0
	};
	const withCalendar = { ...withService, practitioner, calendar };
	if (!chosenDate) return { ...withCalendar, step: 'day' as const, day: null };

	const slots = (await daySlots(chosenDate)).map(toView);
	const day = { date: chosenDate.toString(), label: formatLongDate(chosenDate), slots };
	const start = parseBookableInstant(selection.start);
	const chosenSlot = start ? slots.find((slot) => slot.start === start.toString()) : undefined;
	if (!start || !chosenSlot) {
		return {
			...withCalendar,
			step: 'time' as const,
			day,
			// A time in the link that is no longer open is said plainly, not silently dropped.
			startGone: start !== null
		};
	}
	const startInstant = Temporal.Instant.from(chosenSlot.start);
	return {
		...withCalendar,
		step: 'details' as const,
		day,
		slot: {
			...chosenSlot,
			when: formatAppointmentTime(
				startInstant,
				startInstant.add({ minutes: service.durationMinutes }),
				zone,
				location.city
			).full
		}
	};
}
