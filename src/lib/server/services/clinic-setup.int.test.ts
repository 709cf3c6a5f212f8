import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import {
	createTestDatabase,
	testDialects,
	type TestDatabase
} from '../../../../tests/support/databases';
import { defaultConsentDocument } from '$lib/domain/consent/consent-document';
import { listAuditEvents } from '../db/repositories/audit-repository';
import { findOnlineBookingOpen, listLocations } from '../db/repositories/clinic-repository';
import { listAllPractitioners } from '../db/repositories/practitioner-repository';
import { listAllWeeklyHours } from '../db/repositories/schedule-repository';
import { listServices } from '../db/repositories/service-repository';
import { seedDemoClinicIfEmpty } from '../db/seed/seed';
import type { StaffActor } from './audit';
import { updateBookingPolicy, loadClinicSettings } from './clinic-settings';
import { loadClinicProfile, updateClinicProfile } from './clinic-profile-settings';
import {
	addLocation,
	addPractitioner,
	addService,
	loadGoLive,
	setOnlineBooking
} from './clinic-setup';
import { publishConsentText } from './consent';
import { addShippedArticleDrafts, loadShippedArticleOffer } from './shipped-articles';
import { namesDemoClinic } from '$lib/domain/content/shipped-content';
import {
	findArticleForEditor,
	listArticlesForEditor,
	listPublishedArticles
} from '../db/repositories/article-repository';
import { demoArticles } from '../db/seed/content-files';
import { addLocationHours } from './location-settings';
import { ClinicNotSetUp, loadOpeningSoon, loadSiteShell } from './public-site';
import { addRoom } from './room-settings';
import { addWorkingHours } from './working-hours';

const dialects = await testDialects();
const owner: StaffActor = { userId: 'owner-1', name: 'Rae Owner', role: 'owner' };
const frontDesk: StaffActor = { userId: 'desk-1', name: 'Flo Desk', role: 'front_desk' };
const context = { now: Temporal.Instant.from('2027-03-01T15:00:00Z') };

describe.each(dialects)('setting up an empty clinic on %s', (dialect) => {
	let database: TestDatabase;
	const db = () => database.handle.db;
	beforeEach(async () => {
		database = await createTestDatabase(dialect);
	});
	afterEach(async () => {
		await database.dispose();
	});

	it('shows empty forms instead of failing, and says nothing about the clinic publicly', async () => {
		expect(await loadClinicProfile(db(), owner)).toMatchObject({ kind: 'ok', isNew: true });
		expect(await loadClinicSettings(db(), owner)).toMatchObject({
			kind: 'ok',
			clinicExists: false,
			policy: { slotStepMinutes: 15 },
			services: []
		});
		await expect(loadSiteShell(db())).rejects.toBeInstanceOf(ClinicNotSetUp);
		expect(await loadOpeningSoon(db())).toEqual({
			name: null,
			phone: null,
			email: null,
			address: null
		});
		// The policy lives on the clinic row: refused, not silently dropped, before one exists.
		expect(
			await updateBookingPolicy(
				db(),
				{
					slotStepMinutes: '15',
					minimumNoticeMinutes: '60',
					bookingWindowDays: '30',
					cancellationCutoffHours: '24',
					reminderLeadHours: '24'
				},
				owner,
				context
			)
		).toMatchObject({ kind: 'invalid' });
	});

	it('goes from nothing to open online booking, refusing to open while anything is missing', async () => {
		const blocked = await setOnlineBooking(db(), { open: 'yes' }, owner, context);
		expect(blocked.kind).toBe('blocked');

		expect(
			await updateClinicProfile(
				db(),
				{
					name: 'Lakeside Acupuncture',
					tagline: 'Acupuncture by the lake',
					phone: '(608) 555-0100',
					email: 'hello@lakeside.example',
					description: 'A small acupuncture clinic in Madison treating back pain and headaches.'
				},
				owner,
				context
			)
		).toEqual({ kind: 'saved' });
		expect(await findOnlineBookingOpen(db())).toBe(false);
		expect(await loadOpeningSoon(db())).toMatchObject({
			name: 'Lakeside Acupuncture',
			phone: { display: '(608) 555-0100' },
			address: null
		});

		expect(
			await addLocation(
				db(),
				{
					name: 'Lakeside',
					street: '12 Lake Road',
					city: 'Madison',
					region: 'WI',
					postalCode: '53703',
					country: 'us',
					phone: '608-555-0100',
					directionsUrl: 'https://www.openstreetmap.org/search?query=Madison',
					directionsText: 'Parking behind the building; step-free entrance.',
					timeZone: 'America/Chicago'
				},
				owner,
				context
			)
		).toEqual({ kind: 'saved' });
		const [location] = await listLocations(db());
		expect(location).toMatchObject({
			slug: 'lakeside',
			country: 'US',
			timeZone: 'America/Chicago'
		});
		const locationId = String(location?.id);
		// Monday to Friday at once: five intervals, or none when one of them would clash.
		expect(
			await addLocationHours(
				db(),
				{ location: locationId, weekday: 'mon-fri', opens: '09:00', closes: '17:00' },
				owner,
				context
			)
		).toEqual({ kind: 'saved' });
		expect((await listLocations(db()))[0]?.hours.map((entry) => entry.weekday)).toEqual([
			1, 2, 3, 4, 5
		]);
		expect(
			await addLocationHours(
				db(),
				{ location: locationId, weekday: 'mon-fri', opens: '16:00', closes: '19:00' },
				owner,
				context
			)
		).toMatchObject({ kind: 'invalid', errors: { opens: expect.stringMatching(/overlap/) } });
		expect((await listLocations(db()))[0]?.hours).toHaveLength(5);

		// A bad service is refused field by field and writes nothing.
		expect(await addService(db(), { name: 'X', price: 'lots' }, owner, context)).toMatchObject({
			kind: 'invalid',
			errors: { name: expect.any(String), price: expect.any(String) }
		});
		expect(await listServices(db())).toEqual([]);
		expect(
			await addService(
				db(),
				{
					name: 'First acupuncture visit',
					summary: 'History, examination and a first treatment.',
					durationMinutes: '75',
					bufferBeforeMinutes: '0',
					bufferAfterMinutes: '15',
					price: '95',
					roomKind: 'Treatment',
					bookableOnline: 'on',
					newPatientsOnly: 'on'
				},
				owner,
				context
			)
		).toEqual({ kind: 'saved' });
		const [service] = await listServices(db());
		expect(service).toMatchObject({
			slug: 'first-acupuncture-visit',
			priceCents: 9500,
			roomKind: 'treatment',
			bookableOnline: true,
			newPatientsOnly: true
		});
		expect(
			await addRoom(
				db(),
				{ location: locationId, name: 'Room 1', kind: 'treatment' },
				owner,
				context
			)
		).toEqual({ kind: 'saved' });

		const added = await addPractitioner(
			db(),
			{
				name: 'Dana Lee',
				credentials: 'L.Ac.',
				title: 'Acupuncturist',
				summary: 'Treats back and neck pain.',
				bioMarkdown: 'Dana has practised acupuncture in Madison since 2015.',
				licenceNumber: 'WI-1234',
				npi: '1234567893',
				[`service-${service?.id}`]: 'on'
			},
			owner,
			context
		);
		expect(added.kind).toBe('added');
		const [practitioner] = await listAllPractitioners(db());
		expect(practitioner).toMatchObject({ slug: 'dana-lee', serviceIds: [service?.id] });

		const stillMissing = await loadGoLive(db(), owner);
		expect(
			stillMissing.kind === 'ok' && stillMissing.blockers.map((entry) => entry.message)
		).toEqual([
			'Dana Lee has no working hours.',
			'Read, edit if needed, and publish the consent to treatment.'
		]);

		expect(
			await addWorkingHours(
				db(),
				{
					practitioner: String(practitioner?.id),
					weekday: 'mon-fri',
					start: '09:00',
					end: '17:00'
				},
				owner,
				context
			)
		).toEqual({ kind: 'added' });
		expect(await listAllWeeklyHours(db())).toHaveLength(5);
		const consent = defaultConsentDocument('Lakeside Acupuncture');
		expect(
			await publishConsentText(
				db(),
				owner,
				{ title: consent.title, bodyMarkdown: consent.bodyMarkdown },
				context
			)
		).toMatchObject({ kind: 'published', version: 1 });

		// Only the owner opens booking.
		expect(await setOnlineBooking(db(), { open: 'yes' }, frontDesk, context)).toEqual({
			kind: 'forbidden'
		});
		expect(await setOnlineBooking(db(), { open: 'yes' }, owner, context)).toEqual({
			kind: 'saved'
		});
		expect(await findOnlineBookingOpen(db())).toBe(true);
		expect((await loadSiteShell(db())).open).toBe(true);

		const actions = (await listAuditEvents(db())).map((event) => event.action);
		for (const action of [
			'settings.clinic_profile',
			'settings.location_added',
			'settings.service_added',
			'settings.practitioner_added',
			'settings.online_booking'
		]) {
			expect(actions).toContain(action);
		}
	});

	it('offers the shipped articles as drafts under an author the owner chooses', async () => {
		await updateClinicProfile(
			db(),
			{
				name: 'Lakeside Acupuncture',
				tagline: 'Acupuncture by the lake',
				phone: '(608) 555-0100',
				email: 'hello@lakeside.example',
				description: 'A small acupuncture clinic in Madison treating back pain and headaches.'
			},
			owner,
			context
		);
		expect(await loadShippedArticleOffer(db(), owner)).toMatchObject({ authors: [] });
		expect(await addShippedArticleDrafts(db(), { author: '1' }, owner, context)).toMatchObject({
			kind: 'invalid'
		});
		await addPractitioner(
			db(),
			{
				name: 'Dana Lee',
				credentials: 'L.Ac.',
				title: 'Acupuncturist',
				summary: 'Treats back and neck pain.',
				bioMarkdown: 'Dana has practised acupuncture in Madison since 2015.',
				licenceNumber: 'WI-1234'
			},
			owner,
			context
		);
		const [dana] = await listAllPractitioners(db());
		expect(
			await addShippedArticleDrafts(db(), { author: String(dana?.id) }, owner, context)
		).toEqual({ kind: 'saved' });
		const drafts = await listArticlesForEditor(db());
		expect(drafts.length).toBe(demoArticles().length);
		for (const draft of drafts) {
			expect(draft).toMatchObject({
				status: 'draft',
				authorName: 'Dana Lee',
				reviewerName: null,
				lastReviewedOn: null
			});
			const article = await findArticleForEditor(db(), draft.id);
			expect(
				namesDemoClinic(`${article?.title} ${article?.description} ${article?.bodyMarkdown}`)
			).toBe(false);
		}
		expect(await listPublishedArticles(db())).toEqual([]);
		// Offered once: nothing is left to add.
		expect(await loadShippedArticleOffer(db(), owner)).toBeNull();
	});

	it('keeps the demo clinic open from the start', async () => {
		await seedDemoClinicIfEmpty(db());
		expect(await findOnlineBookingOpen(db())).toBe(true);
		const state = await loadGoLive(db(), owner);
		expect(state).toMatchObject({ kind: 'ok', open: true, isDemo: true });
		expect(await loadShippedArticleOffer(db(), owner)).toBeNull();
	});
});
