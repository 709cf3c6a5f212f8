import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	authorizationInEffect,
	excerpt,
	feedbackStatus,
	feedbackStatuses,
	latestDecision,
	needsConnectionDisclosure,
	parseStaffConnection,
	parseStaffRevocation,
	reasonRows
} from './staff-review';

const today = '2027-03-15';
const inEffect = { expiresOn: '2030-03-14', revoked: false };

describe('authorizationInEffect', () => {
	it('is in effect until the end of its last day, unless revoked', () => {
		expect(authorizationInEffect(null, today)).toBe(false);
		expect(authorizationInEffect(inEffect, today)).toBe(true);
		expect(authorizationInEffect({ expiresOn: today, revoked: false }, today)).toBe(true);
		expect(authorizationInEffect({ expiresOn: '2027-03-14', revoked: false }, today)).toBe(false);
		expect(authorizationInEffect({ ...inEffect, revoked: true }, today)).toBe(false);
	});
});

describe('feedbackStatus', () => {
	it('follows the permission first, then the latest decision', () => {
		const status = (
			permission: { expiresOn: string; revoked: boolean } | null,
			latestDecision: 'publish' | 'decline' | null
		) => feedbackStatus({ permission, latestDecision }, today);
		expect(status(null, null)).toBe('not_for_publishing');
		expect(status(null, 'publish')).toBe('not_for_publishing');
		expect(status(inEffect, null)).toBe('waiting');
		expect(status(inEffect, 'publish')).toBe('published');
		expect(status(inEffect, 'decline')).toBe('declined');
		expect(status({ ...inEffect, revoked: true }, 'publish')).toBe('revoked_or_expired');
		expect(status({ expiresOn: '2027-03-01', revoked: false }, 'publish')).toBe(
			'revoked_or_expired'
		);
	});

	it('always lands in one of the inbox groups', () => {
		fc.assert(
			fc.property(
				fc.option(
					fc.record({
						expiresOn: fc.constantFrom('2027-01-01', today, '2031-01-01'),
						revoked: fc.boolean()
					})
				),
				fc.constantFrom('publish' as const, 'decline' as const, null),
				(permission, decision) => {
					expect(feedbackStatuses).toContain(
						feedbackStatus({ permission, latestDecision: decision }, today)
					);
				}
			)
		);
	});
});

describe('latestDecision', () => {
	it('is the decision with the highest id, whatever the order', () => {
		expect(latestDecision([])).toBeNull();
		expect(latestDecision([{ id: 3 }, { id: 9 }, { id: 4 }])).toEqual({ id: 9 });
	});
});

describe('excerpt', () => {
	it('keeps short words whole and cuts long ones at a word, with an ellipsis', () => {
		expect(excerpt('  Helped   my back.  ')).toBe('Helped my back.');
		const long = `${'word '.repeat(40)}end`;
		const cut = excerpt(long);
		expect(cut.length).toBeLessThanOrEqual(141);
		expect(cut.endsWith('word…')).toBe(true);
	});
	it('cuts a text without spaces at the length', () => {
		expect(excerpt('x'.repeat(300))).toBe(`${'x'.repeat(140)}…`);
	});
});

describe('parseStaffConnection', () => {
	it('reads a blank choice as no connection', () => {
		expect(parseStaffConnection({})).toEqual({ ok: true, data: { kind: 'none' } });
		expect(parseStaffConnection({ connection: 'staff_family' })).toEqual({
			ok: true,
			data: { kind: 'staff_family' }
		});
	});
	it('needs a description for another connection', () => {
		const missing = parseStaffConnection({ connection: 'other', 'connection-description': ' ' });
		expect(missing.ok).toBe(false);
		if (!missing.ok) expect(missing.errors['connection-description']).toMatch(/describe/);
		expect(
			parseStaffConnection({
				connection: 'other',
				'connection-description': ' Landlord  of the clinic '
			})
		).toEqual({ ok: true, data: { kind: 'other', text: 'Landlord of the clinic' } });
	});
	it('refuses a kind that is not on the list', () => {
		expect(parseStaffConnection({ connection: 'friend' }).ok).toBe(false);
	});
});

describe('needsConnectionDisclosure', () => {
	it('asks for a disclosure only when a staff address wrote and nobody declared one', () => {
		const ask = (
			emailMatchesStaff: boolean,
			declared: 'none' | 'staff',
			added: 'none' | 'staff' | null
		) =>
			needsConnectionDisclosure({
				emailMatchesStaff,
				declaredByPatient: declared,
				addedByStaff: added === null ? null : { kind: added }
			});
		expect(ask(false, 'none', null)).toBe(false);
		expect(ask(true, 'none', null)).toBe(true);
		expect(ask(true, 'none', 'none')).toBe(true);
		expect(ask(true, 'none', 'staff')).toBe(false);
		expect(ask(true, 'staff', null)).toBe(false);
	});
});

describe('parseStaffRevocation', () => {
	it('needs a short note of how the request came', () => {
		expect(parseStaffRevocation({ note: '' }).ok).toBe(false);
		expect(parseStaffRevocation({ note: 'x'.repeat(301) }).ok).toBe(false);
		expect(parseStaffRevocation({ note: ' Letter   of March 3 ' })).toEqual({
			ok: true,
			data: { note: 'Letter of March 3' }
		});
	});
});

describe('reasonRows', () => {
	it('lists every reason, unused ones at 0, and none for a low rating', () => {
		const rows = reasonRows({
			other_person_details: 0,
			abuse: 1,
			spam_or_advertising: 2,
			off_topic: 0,
			patient_asked: 0,
			unsupported_health_claim: 3
		});
		expect(rows.map((row) => row.count)).toEqual([0, 1, 2, 0, 0, 3]);
		expect(rows.map((row) => row.label).join(' ')).not.toMatch(/negative|rating|critic/i);
	});
});
