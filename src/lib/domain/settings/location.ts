import { z } from 'zod';
import type { OpeningHours } from '../clinic/types';
import {
	phoneNumber,
	recordId,
	requiredText,
	singleLineText,
	wallTime,
	webAddress,
	wholeNumber
} from './fields';
import { parseTimeZone } from './time-zone';

/** A location's address, contact and directions, as the owner edits them. */
export const locationDetailsForm = z.object({
	id: recordId,
	name: singleLineText('the location name', 2, 120),
	street: singleLineText('the street address', 3, 200),
	city: singleLineText('the city', 2, 100),
	region: singleLineText('the state or region', 2, 100),
	postalCode: singleLineText('the postal code', 3, 20),
	country: z
		.string({ error: 'Enter the two-letter country code, such as US.' })
		.trim()
		.regex(/^[A-Za-z]{2}$/, 'Enter the two-letter country code, such as US.')
		.transform((value) => value.toUpperCase()),
	phone: phoneNumber,
	directionsUrl: webAddress,
	directionsText: requiredText('directions', 10, 1000),
	timeZone: z
		.string({ error: 'Enter a time zone such as America/Chicago.' })
		.transform((value, context) => {
			const zone = parseTimeZone(value);
			if (zone === null) {
				context.addIssue({
					code: 'custom',
					message: 'Enter a time zone by its IANA name, such as America/Chicago.'
				});
				return z.NEVER;
			}
			return zone;
		})
});

export type LocationDetails = Omit<z.infer<typeof locationDetailsForm>, 'id'>;

/** One interval of a location's opening hours. */
export const openingHoursForm = z
	.object({
		location: recordId,
		weekday: wholeNumber('The day', 1, 7),
		opens: wallTime,
		closes: wallTime
	})
	.refine((value) => value.opens < value.closes, {
		path: ['closes'],
		message: 'The closing time must be after the opening time.'
	});

/**
 * The existing interval that a new one would overlap or touch on the same day, if any: the
 * public timetable lists each day's intervals side by side, so they must stay apart.
 */
export function clashingOpeningHours(
	existing: readonly OpeningHours[],
	candidate: OpeningHours
): OpeningHours | undefined {
	return existing.find(
		(entry) =>
			entry.weekday === candidate.weekday &&
			entry.opens <= candidate.closes &&
			candidate.opens <= entry.closes
	);
}
