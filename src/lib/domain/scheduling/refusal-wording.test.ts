import { describe, expect, it } from 'vitest';
import { refusalWording } from './refusal-wording';

describe('refusalWording', () => {
	it.each(['practitioner_busy', 'no_room', 'overlap'] as const)(
		'calls a time someone else holds "just taken" (%s)',
		(reason) => {
			expect(refusalWording(reason).title).toBe('That time was just taken');
		}
	);

	it.each([
		['outside_hours', 'That time is outside our opening hours'],
		['closed', 'The clinic is closed at that time'],
		['too_soon', 'That time is too soon to book online'],
		['too_far_ahead', 'That time is further ahead than we book']
	] as const)('never calls a time that was not open "taken" (%s)', (reason, title) => {
		const wording = refusalWording(reason);
		expect(wording.title).toBe(title);
		expect(`${wording.title} ${wording.detail}`).not.toMatch(/taken|booked it/i);
	});
});
