import { describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import {
	decideInvitation,
	endsCourse,
	inSample,
	invitationExpiresAt,
	invitationPolicySettingsSchema,
	sampleBucket,
	type InvitationCandidate,
	type InvitationPolicy
} from './invitation-policy';

const now = Temporal.Instant.from('2027-03-01T15:00:00Z');
const policy: InvitationPolicy = {
	afterVisitNumbers: [3],
	atCourseEnd: true,
	samplePercent: 100,
	sampleSalt: 'test-salt',
	startsAt: Temporal.Instant.from('2027-01-01T00:00:00Z')
};
const candidate = (over: Partial<InvitationCandidate> = {}): InvitationCandidate => ({
	appointmentId: 42,
	completedVisitNumber: 3,
	endedAt: now.subtract({ hours: 2 }),
	hasLaterAppointment: true,
	...over
});
const fresh = { appointmentAlreadyInvited: false, patientHasOpenInvitation: false };

describe('decideInvitation', () => {
	it('invites after a chosen visit number', () => {
		expect(decideInvitation(policy, candidate(), fresh, now)).toEqual({
			invite: true,
			reason: 'visit_number'
		});
	});

	it('does not invite after a visit that is not chosen', () => {
		expect(decideInvitation(policy, candidate({ completedVisitNumber: 2 }), fresh, now)).toEqual({
			invite: false,
			reason: 'not_a_chosen_visit'
		});
	});

	it('invites at the end of a course when the clinic chose that', () => {
		const last = candidate({
			completedVisitNumber: 6,
			hasLaterAppointment: false,
			endedAt: now.subtract({ hours: 22 * 24 })
		});
		expect(decideInvitation(policy, last, fresh, now)).toEqual({
			invite: true,
			reason: 'course_end'
		});
		expect(decideInvitation({ ...policy, atCourseEnd: false }, last, fresh, now).invite).toBe(
			false
		);
	});

	it('never invites twice for the same appointment', () => {
		const history = { ...fresh, appointmentAlreadyInvited: true };
		expect(decideInvitation(policy, candidate(), history, now)).toEqual({
			invite: false,
			reason: 'already_invited'
		});
	});

	it('does not invite a patient who has an open invitation', () => {
		const history = { ...fresh, patientHasOpenInvitation: true };
		expect(decideInvitation(policy, candidate(), history, now)).toEqual({
			invite: false,
			reason: 'open_invitation'
		});
	});

	it('does not invite for visits that ended before invitations started (the seeded demo history)', () => {
		const before = candidate({ endedAt: Temporal.Instant.from('2026-12-31T23:59:59Z') });
		expect(decideInvitation(policy, before, fresh, now).reason).toBe('before_start');
	});

	it('does not invite for a visit more than 60 days ago', () => {
		const old = candidate({ endedAt: now.subtract({ hours: 61 * 24 }) });
		expect(
			decideInvitation(
				{ ...policy, startsAt: Temporal.Instant.from('2020-01-01T00:00:00Z') },
				old,
				fresh,
				now
			).reason
		).toBe('too_old');
	});

	it('invites nobody at a 0% sample and everybody at 100%', () => {
		for (let id = 1; id <= 200; id++) {
			expect(
				decideInvitation(
					{ ...policy, samplePercent: 0 },
					candidate({ appointmentId: id }),
					fresh,
					now
				).invite
			).toBe(false);
			expect(decideInvitation(policy, candidate({ appointmentId: id }), fresh, now).invite).toBe(
				true
			);
		}
	});

	it('takes no rating or outcome, at the type level', () => {
		const withRating = { ...candidate(), rating: 5 };
		const withOutcome = { ...candidate(), nprsChange: -3 };
		// @ts-expect-error a rating is not an input to the invitation decision
		decideInvitation(policy, withRating, fresh, now);
		// @ts-expect-error nor is any outcome measure
		decideInvitation(policy, withOutcome, fresh, now);
		// @ts-expect-error nor can the policy carry a minimum rating
		decideInvitation({ ...policy, minimumRating: 4 }, candidate(), fresh, now);
		expect(true).toBe(true);
	});
});

describe('the random sample', () => {
	it('is the same for the same appointment and salt, every time', () => {
		for (let id = 1; id <= 50; id++) {
			expect(sampleBucket('salt', id)).toBe(sampleBucket('salt', id));
		}
	});

	it('changes with the clinic salt', () => {
		const a = Array.from({ length: 50 }, (_, id) => sampleBucket('salt-a', id));
		const b = Array.from({ length: 50 }, (_, id) => sampleBucket('salt-b', id));
		expect(a).not.toEqual(b);
	});

	it('spreads appointments evenly over 100 buckets', () => {
		const counts = new Array<number>(100).fill(0);
		for (let id = 1; id <= 20_000; id++) counts[sampleBucket('clinic', id)]! += 1;
		expect(Math.min(...counts)).toBeGreaterThan(140);
		expect(Math.max(...counts)).toBeLessThan(260);
	});

	it('takes about the share the clinic set', () => {
		let taken = 0;
		for (let id = 1; id <= 10_000; id++) {
			if (inSample({ samplePercent: 25, sampleSalt: 'x' }, id)) taken++;
		}
		expect(taken).toBeGreaterThan(2300);
		expect(taken).toBeLessThan(2700);
	});
});

describe('endsCourse', () => {
	it('is a course end after three quiet weeks with nothing booked', () => {
		const endedAt = now.subtract({ hours: 21 * 24 });
		expect(endsCourse({ endedAt, hasLaterAppointment: false }, now)).toBe(true);
		expect(
			endsCourse({ endedAt: endedAt.add({ seconds: 1 }), hasLaterAppointment: false }, now)
		).toBe(false);
	});

	it('is not a course end while another appointment is booked', () => {
		const endedAt = now.subtract({ hours: 40 * 24 });
		expect(endsCourse({ endedAt, hasLaterAppointment: true }, now)).toBe(false);
	});
});

describe('invitationExpiresAt', () => {
	it('is 30 days after the invitation', () => {
		expect(invitationExpiresAt(now).toString()).toBe('2027-03-31T15:00:00Z');
	});
});

describe('invitationPolicySettingsSchema', () => {
	it('accepts visit numbers and a share from 0 to 100', () => {
		expect(
			invitationPolicySettingsSchema.safeParse({
				afterVisitNumbers: [3, 8],
				atCourseEnd: true,
				samplePercent: 50
			}).success
		).toBe(true);
	});

	it('refuses a share over 100, a repeated visit number and visit 0', () => {
		for (const bad of [
			{ afterVisitNumbers: [3], atCourseEnd: false, samplePercent: 101 },
			{ afterVisitNumbers: [3, 3], atCourseEnd: false, samplePercent: 50 },
			{ afterVisitNumbers: [0], atCourseEnd: false, samplePercent: 50 }
		]) {
			expect(invitationPolicySettingsSchema.safeParse(bad).success).toBe(false);
		}
	});
});
