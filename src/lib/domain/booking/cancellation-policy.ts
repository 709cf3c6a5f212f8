import { Temporal } from 'temporal-polyfill';

/**
 * Whether a patient may still cancel or reschedule online: only until `cutoffHours` before
 * the start. Inside the window they call, so the clinic can offer the time to someone else.
 */
export function canChangeOnline(
	start: Temporal.Instant,
	now: Temporal.Instant,
	cutoffHours: number
): boolean {
	return Temporal.Instant.compare(now.add({ hours: cutoffHours }), start) <= 0;
}
