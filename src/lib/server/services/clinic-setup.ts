import type { Kysely } from 'kysely';
import { goLiveBlockers, type GoLiveBlocker, type GoLiveFacts } from '$lib/domain/clinic/go-live';
import {
	defaultTimeZone,
	newLocationForm,
	newPractitionerForm,
	newServiceForm,
	uniqueSlug
} from '$lib/domain/settings/new-records';
import { chosenServiceIds } from '$lib/domain/settings/practitioner';
import { can } from '$lib/domain/staff/roles';
import {
	findClinic,
	findOnlineBookingOpen,
	insertLocation,
	listLocationSlugs,
	listLocations,
	saveOnlineBookingOpen
} from '../db/repositories/clinic-repository';
import { findCurrentConsentVersion } from '../db/repositories/consent-repository';
import {
	insertPractitioner,
	listAllPractitioners,
	listPractitionerSlugs,
	replacePractitionerServices
} from '../db/repositories/practitioner-repository';
import { listRooms } from '../db/repositories/room-repository';
import { listAllWeeklyHours } from '../db/repositories/schedule-repository';
import {
	insertService,
	listServiceSlugs,
	listServices
} from '../db/repositories/service-repository';
import { linkPractitioner, listStaff } from '../db/repositories/staff-repository';
import type { Database } from '../db/schema';
import type { StaffActor } from './audit';
import { defaultConsentAuthor } from './consent';
import { recordStaffChange } from './record-staff-change';
import { readOwnerForm, type SettingsContext, type SettingsResult } from './settings-result';

/*
 * The first-run setup of a real clinic (issue 13, ADR 0034): creating the location, services
 * and practitioners a clinic starts without, the go-live checklist, and the owner's "Open
 * online booking" switch. Editing what exists stays with the settings services.
 */

type Db = Kysely<Database>;

/** Every IANA zone this runtime knows, for the location form's list. */
export function timeZoneList(): string[] {
	return Intl.supportedValuesOf('timeZone');
}

/** The zone a new location's form starts with. */
export function newLocationTimeZone(): string {
	return defaultTimeZone(Intl.DateTimeFormat().resolvedOptions().timeZone, timeZoneList());
}

/** Adds a location; its opening hours are added on the locations page after. */
export async function addLocation(
	db: Db,
	input: Record<string, string>,
	staff: StaffActor,
	context: SettingsContext
): Promise<SettingsResult> {
	const parsed = readOwnerForm(staff, newLocationForm, input);
	if (!parsed.ok) return parsed.result;
	return db.transaction().execute(async (trx): Promise<SettingsResult> => {
		const slug = uniqueSlug(parsed.data.name, await listLocationSlugs(trx), 'location');
		const id = await insertLocation(trx, { ...parsed.data, slug });
		await recordStaffChange(trx, staff, context, {
			action: 'settings.location_added',
			subject: { type: 'location', id },
			after: { slug, ...parsed.data }
		});
		return { kind: 'saved' };
	});
}

/** Adds a service; practitioners offer it once it is ticked on their page. */
export async function addService(
	db: Db,
	input: Record<string, string>,
	staff: StaffActor,
	context: SettingsContext
): Promise<SettingsResult> {
	const parsed = readOwnerForm(staff, newServiceForm, input);
	if (!parsed.ok) return parsed.result;
	const { price, ...rest } = parsed.data;
	const service = { ...rest, priceCents: price };
	return db.transaction().execute(async (trx): Promise<SettingsResult> => {
		const slug = uniqueSlug(service.name, await listServiceSlugs(trx), 'service');
		const id = await insertService(trx, { ...service, slug });
		await recordStaffChange(trx, staff, context, {
			action: 'settings.service_added',
			subject: { type: 'service', id },
			after: { slug, ...service }
		});
		return { kind: 'saved' };
	});
}

/** What the new-practitioner form offers: the services and the staff accounts to link. */
export async function loadNewPractitionerChoices(db: Db) {
	const [services, staff] = await Promise.all([listServices(db), listStaff(db)]);
	return {
		services: services.map(({ id, name }) => ({ id, name })),
		accounts: staff
			.filter((member) => member.active && member.practitionerId === null)
			.map(({ id, name, email }) => ({ id, label: `${name} (${email})` }))
	};
}

/**
 * Adds a practitioner with the services they offer and, when chosen, the staff account that is
 * theirs. Their weekly hours are added on the working-hours page after.
 * @returns the new practitioner's id on success.
 */
export async function addPractitioner(
	db: Db,
	input: Record<string, string>,
	staff: StaffActor,
	context: SettingsContext
): Promise<SettingsResult | { kind: 'added'; id: number }> {
	const parsed = readOwnerForm(staff, newPractitionerForm, input);
	if (!parsed.ok) return parsed.result;
	return db.transaction().execute(async (trx) => {
		const [services, accounts] = await Promise.all([listServices(trx), listStaff(trx)]);
		const serviceIds = chosenServiceIds(
			input,
			services.map((service) => service.id)
		);
		const accountId = input.account ?? '';
		const account = accounts.find((member) => member.id === accountId && member.active);
		if (accountId !== '' && (!account || account.practitionerId !== null)) {
			return {
				kind: 'invalid' as const,
				errors: { account: 'Choose a staff account that is not linked to a practitioner yet.' }
			};
		}
		const slug = uniqueSlug(parsed.data.name, await listPractitionerSlugs(trx), 'practitioner');
		const id = await insertPractitioner(trx, { ...parsed.data, slug });
		await replacePractitionerServices(trx, id, serviceIds);
		if (account) await linkPractitioner(trx, account.id, id);
		await recordStaffChange(trx, staff, context, {
			action: 'settings.practitioner_added',
			subject: { type: 'practitioner', id },
			after: { slug, ...parsed.data, serviceIds, staffAccount: account?.id ?? null }
		});
		return { kind: 'added' as const, id };
	});
}

async function goLiveFacts(db: Db): Promise<GoLiveFacts> {
	const [clinic, locations, rooms, services, practitioners, hours, consent] = await Promise.all([
		findClinic(db),
		listLocations(db),
		listRooms(db),
		listServices(db),
		listAllPractitioners(db),
		listAllWeeklyHours(db),
		findCurrentConsentVersion(db)
	]);
	return {
		clinic,
		locations: locations.map((location) => ({
			name: location.name,
			openingHours: location.hours.length
		})),
		rooms: rooms.filter((room) => room.active),
		services,
		practitioners: practitioners
			.filter((practitioner) => practitioner.active)
			.map((practitioner) => ({
				name: practitioner.name,
				services: practitioner.serviceIds.length,
				weeklyHours: hours.filter((entry) => entry.practitionerId === practitioner.id).length
			})),
		consentPublished: consent !== null && consent.createdByName !== defaultConsentAuthor
	};
}

/** The setup steps in order, where each is done, and what still keeps booking closed. */
export async function loadGoLive(db: Db, staff: StaffActor) {
	if (!can(staff, 'settings.manage')) return { kind: 'forbidden' as const };
	const facts = await goLiveFacts(db);
	const blockers = goLiveBlockers(facts);
	const [open, clinic] = await Promise.all([findOnlineBookingOpen(db), findClinic(db)]);
	const counts = {
		clinic: facts.clinic ? 1 : 0,
		location: facts.locations.length,
		services: facts.services.length,
		rooms: facts.rooms.length,
		practitioners: facts.practitioners.length
	};
	return {
		kind: 'ok' as const,
		open: open ?? false,
		isDemo: clinic?.isDemo ?? false,
		blockers,
		counts
	};
}

/**
 * Opens or closes online booking. Opening is refused while the checklist has blockers; closing
 * is always allowed (the public site then shows "opening soon" again). Audited either way.
 */
export async function setOnlineBooking(
	db: Db,
	input: Record<string, string>,
	staff: StaffActor,
	context: SettingsContext
): Promise<SettingsResult | { kind: 'blocked'; blockers: GoLiveBlocker[] }> {
	if (!can(staff, 'settings.manage')) return { kind: 'forbidden' };
	const open = input.open === 'yes' ? true : input.open === 'no' ? false : null;
	if (open === null) return { kind: 'invalid', errors: { open: 'Choose open or closed.' } };
	return db.transaction().execute(async (trx) => {
		const clinic = await findClinic(trx);
		if (open) {
			const blockers = goLiveBlockers(await goLiveFacts(trx));
			if (blockers.length > 0) return { kind: 'blocked' as const, blockers };
		}
		if (!clinic) return { kind: 'not_found' as const };
		const before = await findOnlineBookingOpen(trx);
		await saveOnlineBookingOpen(trx, clinic.id, open);
		await recordStaffChange(trx, staff, context, {
			action: 'settings.online_booking',
			subject: { type: 'clinic', id: clinic.id },
			before: { open: before },
			after: { open }
		});
		return { kind: 'saved' as const };
	});
}
