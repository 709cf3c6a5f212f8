import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import {
	emergencyGrantRefusal,
	emergencyGrantSchema,
	emergencyGrantState
} from './emergency-access';

const start = Temporal.Instant.from('2027-03-01T15:00:00Z');
const grant = { startsAt: start, endsAt: start.add({ hours: 4 }), revokedAt: null };

describe('emergencyGrantState', () => {
	it('is active from its start until just before its end', () => {
		expect(emergencyGrantState(grant, start)).toBe('active');
		expect(emergencyGrantState(grant, start.add({ minutes: 239 }))).toBe('active');
	});

	it('has expired at its end', () => {
		expect(emergencyGrantState(grant, start.add({ hours: 4 }))).toBe('expired');
	});

	it('is not in force before it starts', () => {
		expect(emergencyGrantState(grant, start.subtract({ seconds: 1 }))).toBe('expired');
	});

	it('ends when revoked early', () => {
		const revoked = { ...grant, revokedAt: start.add({ hours: 1 }) };
		expect(emergencyGrantState(revoked, start.add({ minutes: 30 }))).toBe('active');
		expect(emergencyGrantState(revoked, start.add({ hours: 1 }))).toBe('revoked');
	});
});

describe('emergencyGrantSchema', () => {
	it('accepts one of the offered durations and a reason', () => {
		const parsed = emergencyGrantSchema.safeParse({
			staffId: 'u1',
			hours: '4',
			reason: 'Dr Lin is off sick; covering her patients today.'
		});
		expect(parsed.success && parsed.data.hours).toBe(4);
	});

	it('refuses a duration that is not offered', () => {
		for (const hours of ['3', '24', '0', '-1', 'x', '']) {
			const parsed = emergencyGrantSchema.safeParse({
				staffId: 'u1',
				hours,
				reason: 'Covering for a practitioner today.'
			});
			expect(parsed.success).toBe(false);
		}
	});

	it('asks for a real reason', () => {
		const parsed = emergencyGrantSchema.safeParse({ staffId: 'u1', hours: '1', reason: ' help ' });
		expect(parsed.success).toBe(false);
	});
});

describe('emergencyGrantRefusal', () => {
	const desk = { id: 'desk', role: 'front_desk', active: true };

	it('allows a grant to an active member of staff who is not an owner', () => {
		expect(emergencyGrantRefusal(desk, 'owner-1')).toBeNull();
	});

	it('refuses a grant to oneself', () => {
		expect(emergencyGrantRefusal({ ...desk, id: 'owner-1' }, 'owner-1')).toMatch(/yourself/);
	});

	it('refuses a grant to an owner, a deactivated account or nobody', () => {
		expect(emergencyGrantRefusal({ ...desk, role: 'owner' }, 'owner-1')).toMatch(/already/);
		expect(emergencyGrantRefusal({ ...desk, active: false }, 'owner-1')).toMatch(/deactivated/);
		expect(emergencyGrantRefusal(undefined, 'owner-1')).toMatch(/Choose/);
	});
});
