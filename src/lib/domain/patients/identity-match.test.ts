import { describe, expect, it } from 'vitest';
import {
	emailOwnershipDecisions,
	mergeRefusal,
	normalizeEmail,
	normalizeName,
	onlineBookingIdentity,
	type IdentityRecord
} from './identity-match';

const ann = (id: number, overrides: Partial<IdentityRecord> = {}): IdentityRecord => ({
	id,
	emailNormalized: 'ann@example.com',
	nameNormalized: 'ann lee',
	status: 'confirmed',
	possibleMatchId: null,
	mergedIntoId: null,
	...overrides
});

const booked = { emailNormalized: 'ann@example.com', nameNormalized: 'ann lee' };

describe('normalizing', () => {
	it('compares emails without case or surrounding spaces', () => {
		expect(normalizeEmail('  Ann@Example.COM ')).toBe('ann@example.com');
	});

	it('compares names without case and with runs of spaces folded', () => {
		expect(normalizeName(' Ann   LEE ')).toBe('ann lee');
	});
});

describe('onlineBookingIdentity', () => {
	it('confirms the record of a person nobody has booked as before', () => {
		expect(onlineBookingIdentity(booked, [])).toEqual({
			status: 'confirmed',
			possibleMatchId: null
		});
	});

	it('leaves a booking with the name and email of a patient unconfirmed, that patient its match', () => {
		expect(onlineBookingIdentity(booked, [ann(7)])).toEqual({
			status: 'unconfirmed',
			possibleMatchId: 7
		});
	});

	it('does not match a family member who shares the email under another name', () => {
		const sam = ann(3, { nameNormalized: 'sam lee' });
		expect(onlineBookingIdentity(booked, [sam]).status).toBe('confirmed');
	});

	it('matches the oldest confirmed record, never an unconfirmed or merged one', () => {
		const records = [
			ann(12),
			ann(4, { status: 'unconfirmed', possibleMatchId: 9 }),
			ann(5, { status: 'unconfirmed', mergedIntoId: 9 }),
			ann(9)
		];
		expect(onlineBookingIdentity(booked, records)).toEqual({
			status: 'unconfirmed',
			possibleMatchId: 9
		});
	});

	it('confirms a booking whose only namesakes are unconfirmed records', () => {
		const records = [ann(4, { status: 'unconfirmed', possibleMatchId: null })];
		expect(onlineBookingIdentity(booked, records).status).toBe('confirmed');
	});
});

describe('emailOwnershipDecisions', () => {
	it('joins an unconfirmed record to its possible match with the same email', () => {
		const records = [ann(1), ann(2, { status: 'unconfirmed', possibleMatchId: 1 })];
		expect(emailOwnershipDecisions('ann@example.com', records)).toEqual([
			{ kind: 'merge', recordId: 2, intoId: 1 }
		]);
	});

	it('confirms an unconfirmed record without a possible match', () => {
		const records = [ann(2, { status: 'unconfirmed' })];
		expect(emailOwnershipDecisions('ann@example.com', records)).toEqual([
			{ kind: 'confirm', recordId: 2 }
		]);
	});

	it('leaves to staff a record whose possible match has another email now', () => {
		const records = [
			ann(1, { emailNormalized: 'ann.new@example.com' }),
			ann(2, { status: 'unconfirmed', possibleMatchId: 1 })
		];
		expect(emailOwnershipDecisions('ann@example.com', records)).toEqual([
			{ kind: 'leave', recordId: 2 }
		]);
	});

	it('decides nothing for records of another inbox, merged ones or confirmed ones', () => {
		const records = [
			ann(1),
			ann(2, { status: 'unconfirmed', possibleMatchId: 1, mergedIntoId: 1 }),
			ann(3, { status: 'unconfirmed', possibleMatchId: 1, emailNormalized: 'x@example.com' })
		];
		expect(emailOwnershipDecisions('ann@example.com', records)).toEqual([]);
	});

	it('decides nothing new the second time, once its decisions are applied', () => {
		const after = [ann(1), ann(2, { status: 'unconfirmed', possibleMatchId: 1, mergedIntoId: 1 })];
		expect(emailOwnershipDecisions('ann@example.com', after)).toEqual([]);
	});
});

describe('mergeRefusal', () => {
	const pending = ann(2, { status: 'unconfirmed', possibleMatchId: 1 });

	it('lets an unconfirmed record join a confirmed one', () => {
		expect(mergeRefusal(pending, ann(1))).toBeNull();
	});

	it('refuses a record merged already, a confirmed one, or a merge into itself', () => {
		expect(mergeRefusal({ ...pending, mergedIntoId: 1 }, ann(1))).toMatch(/already/);
		expect(mergeRefusal(ann(3), ann(1))).toMatch(/unconfirmed/);
		expect(mergeRefusal(pending, pending)).toMatch(/itself/);
	});

	it('refuses a target that was merged or is not confirmed', () => {
		expect(mergeRefusal(pending, ann(1, { status: 'unconfirmed' }))).toMatch(/not confirmed/);
		expect(mergeRefusal(pending, null)).toMatch(/no longer exists/);
	});
});
