import { describe, expect, it } from 'vitest';
import { clinicTime, insertRaw, testNow, useDemoClinic } from '../../../../tests/support/booking';
import { testDialects } from '../../../../tests/support/databases';
import { cancelAppointment } from '../db/repositories/appointment-repository';
import { listAuditEvents } from '../db/repositories/audit-repository';
import { listLocations } from '../db/repositories/clinic-repository';
import type { StaffActor } from './audit';
import {
	addLocationHours,
	loadLocationSettings,
	removeLocationHours,
	updateLocation
} from './location-settings';
import { loadSiteShell } from './public-site';

const dialects = await testDialects();
const owner: StaffActor = { userId: 'owner-1', name: 'Olive Owner', role: 'owner' };
const context = { now: testNow };

const details = (id: number, change: Record<string, string> = {}) => ({
	id: String(id),
	name: 'Harbor Lantern Acupuncture, Milwaukee',
	street: '200 E Demo Street, Suite 4',
	city: 'Milwaukee',
	region: 'WI',
	postalCode: '53202',
	country: 'us',
	phone: '(414) 555-0142',
	directionsUrl: 'https://www.openstreetmap.org/search?query=Milwaukee',
	directionsText: 'Free parking behind the building; the entrance is step-free.',
	timeZone: 'America/Chicago',
	...change
});

describe.each(dialects)('location settings on %s', (dialect) => {
	const clinic = useDemoClinic(dialect);

	it('saves the address and directions, shown on the public site, with before and after', async () => {
		const id = clinic.ids.locationId;
		expect(await updateLocation(clinic.db(), details(id), owner, context)).toEqual({
			kind: 'saved'
		});
		const shell = await loadSiteShell(clinic.db());
		expect(shell.location).toMatchObject({
			street: '200 E Demo Street, Suite 4',
			country: 'US',
			directionsText: 'Free parking behind the building; the entrance is step-free.'
		});
		const [event] = await listAuditEvents(clinic.db());
		expect(event).toMatchObject({
			action: 'settings.location',
			subject: { type: 'location', id: String(id) }
		});
		expect(event?.before).toMatchObject({ street: '100 E Demo Street, Suite 2' });
		expect(event?.after).toMatchObject({ street: '200 E Demo Street, Suite 4' });
	});

	it('refuses directions that are not a web address and unknown zones, writing nothing', async () => {
		const id = clinic.ids.locationId;
		const before = await listLocations(clinic.db());
		const events = (await listAuditEvents(clinic.db())).length;
		const result = await updateLocation(
			clinic.db(),
			details(id, {
				street: 'Somewhere else 1',
				directionsUrl: 'javascript:alert(1)',
				timeZone: 'Mars/Olympus'
			}),
			owner,
			context
		);
		expect(result.kind === 'invalid' && Object.keys(result.errors).sort()).toEqual([
			'directionsUrl',
			'timeZone'
		]);
		expect(await listLocations(clinic.db())).toEqual(before);
		expect(await listAuditEvents(clinic.db())).toHaveLength(events);
	});

	it('keeps the time zone while appointments are booked ahead, and explains why', async () => {
		const id = clinic.ids.locationId;
		const booked = await insertRaw(clinic.db(), clinic.ids, {
			practitionerId: clinic.ids.mei,
			roomId: clinic.ids.rooms[0] ?? null,
			start: clinicTime('2027-03-03T10:00'),
			minutes: 60,
			patient: 'zone'
		});
		const loaded = await loadLocationSettings(clinic.db(), owner, testNow);
		expect(loaded.kind === 'ok' && loaded.locations[0]?.upcomingAppointments).toBe(1);
		const refused = await updateLocation(
			clinic.db(),
			details(id, { timeZone: 'America/Denver' }),
			owner,
			context
		);
		expect(refused.kind === 'invalid' && refused.errors.timeZone).toMatch(
			/stays America\/Chicago while 1 appointment is booked ahead.*different hour/
		);
		expect((await listLocations(clinic.db()))[0]?.timeZone).toBe('America/Chicago');

		// Once nothing is booked ahead, the zone may change (and change back).
		await cancelAppointment(clinic.db(), booked.id, { reason: 'test', now: testNow });
		expect(
			await updateLocation(clinic.db(), details(id, { timeZone: 'america/denver' }), owner, context)
		).toEqual({ kind: 'saved' });
		expect((await listLocations(clinic.db()))[0]?.timeZone).toBe('America/Denver');
		await updateLocation(clinic.db(), details(id), owner, context);
	});

	it('adds and removes opening hours, refusing hours that overlap', async () => {
		const id = String(clinic.ids.locationId);
		const sunday = { location: id, weekday: '7', opens: '10:00', closes: '13:00' };
		expect(await addLocationHours(clinic.db(), sunday, owner, context)).toEqual({
			kind: 'saved'
		});
		expect((await loadSiteShell(clinic.db())).hours.at(-1)).toEqual({
			label: 'Sunday',
			intervals: ['10:00 am – 1:00 pm']
		});
		const events = (await listAuditEvents(clinic.db())).length;
		const clash = await addLocationHours(
			clinic.db(),
			{ ...sunday, opens: '12:00', closes: '15:00' },
			owner,
			context
		);
		expect(clash.kind === 'invalid' && clash.errors.opens).toMatch(
			/overlap or touch Sunday 10:00 am – 1:00 pm/
		);
		expect(
			(await addLocationHours(clinic.db(), { ...sunday, closes: '09:00' }, owner, context)).kind
		).toBe('invalid');
		expect(await listAuditEvents(clinic.db())).toHaveLength(events);

		const loaded = await loadLocationSettings(clinic.db(), owner, testNow);
		const added =
			loaded.kind === 'ok'
				? loaded.locations[0]?.hours.find((hours) => hours.text === 'Sunday 10:00 am – 1:00 pm')
				: undefined;
		expect(
			await removeLocationHours(clinic.db(), { id: String(added?.id) }, owner, context)
		).toEqual({
			kind: 'saved'
		});
		expect(
			await removeLocationHours(clinic.db(), { id: String(added?.id) }, owner, context)
		).toEqual({
			kind: 'not_found'
		});
		const [event] = await listAuditEvents(clinic.db());
		expect(event?.action).toBe('settings.location');
		expect(event?.after).toMatchObject({ removed: { weekday: 7, opens: '10:00' } });
		expect((await loadSiteShell(clinic.db())).hours.some((group) => group.label === 'Sunday')).toBe(
			false
		);
	});

	it('is the owner’s alone', async () => {
		const id = clinic.ids.locationId;
		for (const role of ['practitioner', 'front_desk'] as const) {
			const staff = { ...owner, role };
			expect((await loadLocationSettings(clinic.db(), staff, testNow)).kind).toBe('forbidden');
			expect(
				await updateLocation(clinic.db(), details(id, { city: 'Chicago' }), staff, context)
			).toEqual({ kind: 'forbidden' });
			expect(
				await addLocationHours(
					clinic.db(),
					{ location: String(id), weekday: '7', opens: '10:00', closes: '11:00' },
					staff,
					context
				)
			).toEqual({ kind: 'forbidden' });
			expect(await removeLocationHours(clinic.db(), { id: '1' }, staff, context)).toEqual({
				kind: 'forbidden'
			});
		}
		expect((await listLocations(clinic.db()))[0]?.city).toBe('Milwaukee');
	});
});
