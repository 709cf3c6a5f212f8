import { describe, expect, it } from 'vitest';
import { testNow, useDemoClinic } from '../../../../tests/support/booking';
import { testDialects } from '../../../../tests/support/databases';
import { listAuditEvents } from '../db/repositories/audit-repository';
import { findClinic } from '../db/repositories/clinic-repository';
import type { StaffActor } from './audit';
import { loadClinicProfile, updateClinicProfile } from './clinic-profile-settings';
import { loadSiteShell } from './public-site';

const dialects = await testDialects();
const owner: StaffActor = { userId: 'owner-1', name: 'Olive Owner', role: 'owner' };
const context = { now: testNow, request: { ip: '203.0.113.5', requestId: 'req-profile' } };

const profile = {
	name: 'Harbor Lantern Acupuncture',
	tagline: 'Calm, careful acupuncture by the lake.',
	phone: '(414) 555-0150',
	email: 'desk@harborlantern.example',
	description: 'A small independent clinic in Milwaukee that tells you what the research shows.'
};

describe.each(dialects)('clinic profile settings on %s', (dialect) => {
	const clinic = useDemoClinic(dialect);

	it('saves the profile, shows it on the public site and records before and after', async () => {
		expect(await updateClinicProfile(clinic.db(), profile, owner, context)).toEqual({
			kind: 'saved'
		});
		const shell = await loadSiteShell(clinic.db());
		expect(shell.clinic.tagline).toBe('Calm, careful acupuncture by the lake.');
		expect(shell.clinic.phone).toBe('+1-414-555-0150');
		expect(shell.phone.display).toBe('(414) 555-0150');
		const [event] = await listAuditEvents(clinic.db());
		expect(event).toMatchObject({
			action: 'settings.clinic_profile',
			actor: { type: 'staff', id: 'owner-1', label: 'Olive Owner' },
			ip: '203.0.113.5',
			requestId: 'req-profile'
		});
		expect(event?.before).toMatchObject({ phone: '+1-414-555-0142' });
		expect(event?.after).toMatchObject({ phone: '+1-414-555-0150', tagline: profile.tagline });
		const loaded = await loadClinicProfile(clinic.db(), owner);
		expect(loaded.kind === 'ok' && loaded.profile.phone).toBe('(414) 555-0150');
	});

	it('explains wrong fields and writes nothing', async () => {
		const before = await findClinic(clinic.db());
		const events = (await listAuditEvents(clinic.db())).length;
		const result = await updateClinicProfile(
			clinic.db(),
			{ ...profile, tagline: 'Changed', phone: '555-0150', email: 'desk at example' },
			owner,
			context
		);
		expect(result.kind === 'invalid' && Object.keys(result.errors).sort()).toEqual([
			'email',
			'phone'
		]);
		expect(await findClinic(clinic.db())).toEqual(before);
		expect(await listAuditEvents(clinic.db())).toHaveLength(events);
	});

	it('is the owner’s alone', async () => {
		for (const role of ['practitioner', 'front_desk'] as const) {
			const staff = { ...owner, role };
			expect(await loadClinicProfile(clinic.db(), staff)).toEqual({ kind: 'forbidden' });
			expect(
				await updateClinicProfile(clinic.db(), { ...profile, tagline: 'Hacked' }, staff, context)
			).toEqual({ kind: 'forbidden' });
		}
		expect((await findClinic(clinic.db()))?.tagline).toBe(profile.tagline);
	});
});
