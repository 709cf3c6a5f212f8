import { describe, expect, it } from 'vitest';
import {
	clinicTime,
	insertRaw,
	localDate,
	openSlots,
	testNow,
	useDemoClinic
} from '../../../../tests/support/booking';
import { testDialects } from '../../../../tests/support/databases';
import { listAuditEvents } from '../db/repositories/audit-repository';
import { findPractitionerSettings } from '../db/repositories/practitioner-repository';
import type { StaffActor } from './audit';
import { findAvailability } from './availability';
import {
	listPractitionerSettings,
	loadPractitionerSettings,
	updatePractitionerActive,
	updatePractitionerProfile,
	updatePractitionerServices
} from './practitioner-settings';
import { loadPractitionerList, loadPractitionerPage } from './public-site';

const dialects = await testDialects();
const owner: StaffActor = { userId: 'owner-1', name: 'Olive Owner', role: 'owner' };
const context = { now: testNow };

const profile = {
	name: 'Daniel Brandt',
	credentials: 'L.Ac., MSAc',
	title: 'Acupuncturist for sports and muscle pain',
	summary: 'Works mostly with muscle and joint pain and with people nervous about needles.',
	bioMarkdown: 'Daniel was a personal trainer first.\n\n<script>alert(1)</script> **Nine** years.',
	displayOrder: '0'
};

describe.each(dialects)('practitioner settings on %s', (dialect) => {
	const clinic = useDemoClinic(dialect);

	it('saves a profile shown on the public pages, with its Markdown rendered safely', async () => {
		const id = clinic.ids.daniel;
		expect(await updatePractitionerProfile(clinic.db(), id, profile, owner, context)).toEqual({
			kind: 'saved'
		});
		const team = await loadPractitionerList(clinic.db());
		expect(team[0]).toMatchObject({ name: 'Daniel Brandt', title: profile.title });
		const page = await loadPractitionerPage(clinic.db(), 'daniel-brandt');
		expect(page?.html).toContain('<strong>Nine</strong>');
		expect(page?.html).not.toContain('<script>');
		const loaded = await loadPractitionerSettings(clinic.db(), owner, id, testNow);
		expect(loaded.kind === 'ok' && loaded.bioHtml).toBe(page?.html);
		const [event] = await listAuditEvents(clinic.db());
		expect(event).toMatchObject({
			action: 'settings.practitioner',
			subject: { type: 'practitioner', id: String(id) },
			before: { title: 'Licensed acupuncturist', displayOrder: 2 },
			after: { title: profile.title, displayOrder: 0 }
		});
	});

	it('explains a wrong profile and writes nothing', async () => {
		const id = clinic.ids.daniel;
		const before = await findPractitionerSettings(clinic.db(), id);
		const events = (await listAuditEvents(clinic.db())).length;
		const result = await updatePractitionerProfile(
			clinic.db(),
			id,
			{ ...profile, title: 'Changed title', summary: 'Short', displayOrder: 'first' },
			owner,
			context
		);
		expect(result.kind === 'invalid' && Object.keys(result.errors).sort()).toEqual([
			'displayOrder',
			'summary'
		]);
		expect(await findPractitionerSettings(clinic.db(), id)).toEqual(before);
		expect(await listAuditEvents(clinic.db())).toHaveLength(events);
		expect(await updatePractitionerProfile(clinic.db(), 9999, profile, owner, context)).toEqual({
			kind: 'not_found'
		});
	});

	it('changes the services offered, and keeps an active practitioner offering one', async () => {
		const id = clinic.ids.daniel;
		const { followUp, initial } = clinic.ids.service;
		const followUpOnly = { [`service-${followUp}`]: 'on' };
		expect(await updatePractitionerServices(clinic.db(), id, followUpOnly, owner, context)).toEqual(
			{ kind: 'saved' }
		);
		expect((await findPractitionerSettings(clinic.db(), id))?.serviceIds).toEqual([followUp]);
		const [event] = await listAuditEvents(clinic.db());
		expect(event).toMatchObject({
			before: { serviceIds: [initial, followUp].sort((a, b) => a - b) },
			after: { serviceIds: [followUp] }
		});
		const initialVisit = await findAvailability(
			clinic.db(),
			{
				serviceId: initial,
				practitionerId: id,
				from: localDate('2027-03-02'),
				to: localDate('2027-03-02')
			},
			testNow
		);
		expect(initialVisit.ok).toBe(false);

		const none = await updatePractitionerServices(clinic.db(), id, {}, owner, context);
		expect(none.kind === 'invalid' && none.errors.services).toMatch(/at least one service/);
		expect((await findPractitionerSettings(clinic.db(), id))?.serviceIds).toEqual([followUp]);
	});

	it('refuses to deactivate a practitioner with appointments booked ahead', async () => {
		await insertRaw(clinic.db(), clinic.ids, {
			practitionerId: clinic.ids.mei,
			roomId: clinic.ids.rooms[0] ?? null,
			start: clinicTime('2027-03-03T10:00'),
			minutes: 60,
			patient: 'kept'
		});
		const result = await updatePractitionerActive(
			clinic.db(),
			clinic.ids.mei,
			{ active: 'no' },
			owner,
			context
		);
		expect(result).toEqual({
			kind: 'refused',
			message:
				'Mei Lin Okafor still has 1 appointment booked ahead. Move them to another practitioner or cancel them first, then make Mei Lin Okafor inactive.'
		});
		expect((await findPractitionerSettings(clinic.db(), clinic.ids.mei))?.active).toBe(true);
	});

	it('takes an inactive practitioner off the public site and out of booking, and back', async () => {
		const rosa = clinic.ids.rosa;
		const massage = {
			serviceId: clinic.ids.service.massage,
			practitionerId: 'any' as const,
			from: localDate('2027-03-03'),
			to: localDate('2027-03-03')
		};
		expect((await openSlots(clinic.db(), massage)).length).toBeGreaterThan(0);
		expect(
			await updatePractitionerActive(clinic.db(), rosa, { active: 'no' }, owner, context)
		).toEqual({ kind: 'saved' });
		const [event] = await listAuditEvents(clinic.db());
		expect(event).toMatchObject({ before: { active: true }, after: { active: false } });

		expect(await openSlots(clinic.db(), massage)).toEqual([]);
		const named = await findAvailability(
			clinic.db(),
			{ ...massage, practitionerId: rosa },
			testNow
		);
		expect(named.ok).toBe(false);
		expect((await loadPractitionerList(clinic.db())).map((entry) => entry.slug)).not.toContain(
			'rosa-jimenez'
		);
		expect(await loadPractitionerPage(clinic.db(), 'rosa-jimenez')).toBeNull();
		const listed = await listPractitionerSettings(clinic.db(), owner);
		expect(
			listed.kind === 'ok' && listed.practitioners.find((entry) => entry.id === rosa)
		).toMatchObject({ active: false, services: ['Therapeutic massage'] });

		expect(
			await updatePractitionerActive(clinic.db(), rosa, { active: 'yes' }, owner, context)
		).toEqual({ kind: 'saved' });
		expect((await openSlots(clinic.db(), massage)).length).toBeGreaterThan(0);
	});

	it('is the owner’s alone', async () => {
		const id = clinic.ids.rosa;
		for (const role of ['practitioner', 'front_desk'] as const) {
			const staff = { ...owner, role };
			expect((await listPractitionerSettings(clinic.db(), staff)).kind).toBe('forbidden');
			expect((await loadPractitionerSettings(clinic.db(), staff, id, testNow)).kind).toBe(
				'forbidden'
			);
			expect(await updatePractitionerProfile(clinic.db(), id, profile, staff, context)).toEqual({
				kind: 'forbidden'
			});
			expect(await updatePractitionerServices(clinic.db(), id, {}, staff, context)).toEqual({
				kind: 'forbidden'
			});
			expect(
				await updatePractitionerActive(clinic.db(), id, { active: 'no' }, staff, context)
			).toEqual({ kind: 'forbidden' });
		}
		expect((await findPractitionerSettings(clinic.db(), id))?.active).toBe(true);
	});
});
