import type { RefusalReason } from './types';

/** What a person is told when the time they asked for cannot be booked. */
export interface RefusalWording {
	/** A short heading: true to the reason, so a closed day is never "just taken". */
	title: string;
	/** One sentence after it, before the nearest free times. */
	detail: string;
}

/**
 * The words for a refused time, by reason. Only a time someone else holds (another booking, or
 * no room left) is "just taken"; the others say why the time is not open.
 */
export function refusalWording(reason: RefusalReason | 'overlap'): RefusalWording {
	switch (reason) {
		case 'practitioner_busy':
		case 'no_room':
		case 'overlap':
			return {
				title: 'That time was just taken',
				detail: 'Someone booked it a moment before you.'
			};
		case 'too_soon':
			return {
				title: 'That time is too soon to book online',
				detail: 'Online bookings need some notice; please call us for a time sooner than this.'
			};
		case 'too_far_ahead':
			return {
				title: 'That time is further ahead than we book',
				detail: 'We do not take bookings that far ahead yet.'
			};
		case 'outside_hours':
			return {
				title: 'That time is outside our opening hours',
				detail: 'The practitioner is not working then, or not for the whole visit.'
			};
		case 'closed':
			return {
				title: 'The clinic is closed at that time',
				detail: 'The clinic is closed that day or at that time.'
			};
	}
}
