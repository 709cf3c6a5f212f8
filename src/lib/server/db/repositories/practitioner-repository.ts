import type { Kysely } from 'kysely';
import type { Practitioner } from '$lib/domain/clinic/types';
import type { Database } from '../schema';

/** Active practitioners in display order, each with the services they offer. */
export async function listPractitioners(db: Kysely<Database>): Promise<Practitioner[]> {
	const practitioners = await selectPractitioners(db, { activeOnly: true });
	// The public record leaves out what only the owner's settings show.
	return practitioners.map(
		({ displayOrder: _order, active: _active, ...practitioner }) => practitioner
	);
}

/** A practitioner as the owner's settings show them, inactive ones included. */
export interface PractitionerSettingsRecord extends Practitioner {
	displayOrder: number;
	active: boolean;
}

/** Every practitioner, active or not, in display order, with the services they offer. */
export async function listAllPractitioners(
	db: Kysely<Database>
): Promise<PractitionerSettingsRecord[]> {
	return selectPractitioners(db, { activeOnly: false });
}

/** Practitioners (all, or the active ones) in display order, with the services they offer. */
async function selectPractitioners(
	db: Kysely<Database>,
	{ activeOnly }: { activeOnly: boolean }
): Promise<PractitionerSettingsRecord[]> {
	let query = db.selectFrom('practitioner').selectAll();
	if (activeOnly) query = query.where('active', '=', 1);
	const [rows, links] = await Promise.all([
		query.orderBy('display_order').orderBy('id').execute(),
		db.selectFrom('practitioner_service').selectAll().execute()
	]);
	return rows.map((row) => ({
		id: row.id,
		slug: row.slug,
		name: row.name,
		credentials: row.credentials,
		title: row.title,
		summary: row.summary,
		bioMarkdown: row.bio_markdown,
		displayOrder: row.display_order,
		active: row.active === 1,
		serviceIds: links
			.filter((link) => link.practitioner_id === row.id)
			.map((link) => link.service_id)
			.sort((a, b) => a - b)
	}));
}

/** One practitioner, active or not, or null. */
export async function findPractitionerSettings(
	db: Kysely<Database>,
	id: number
): Promise<PractitionerSettingsRecord | null> {
	return (await listAllPractitioners(db)).find((entry) => entry.id === id) ?? null;
}

/** What the owner may change about a practitioner's profile (the slug stays: links use it). */
export type PractitionerProfileSettings = Pick<
	PractitionerSettingsRecord,
	'name' | 'credentials' | 'title' | 'summary' | 'bioMarkdown' | 'displayOrder'
>;

/** Saves a practitioner's profile; returns whether they exist. */
export async function savePractitionerProfile(
	db: Kysely<Database>,
	id: number,
	profile: PractitionerProfileSettings
): Promise<boolean> {
	const result = await db
		.updateTable('practitioner')
		.set({
			name: profile.name,
			credentials: profile.credentials,
			title: profile.title,
			summary: profile.summary,
			bio_markdown: profile.bioMarkdown,
			display_order: profile.displayOrder
		})
		.where('id', '=', id)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) > 0;
}

/** Makes a practitioner active (offered and shown) or inactive. */
export async function setPractitionerActive(
	db: Kysely<Database>,
	id: number,
	active: boolean
): Promise<void> {
	await db
		.updateTable('practitioner')
		.set({ active: active ? 1 : 0 })
		.where('id', '=', id)
		.execute();
}

/** Replaces the services a practitioner offers. */
export async function replacePractitionerServices(
	db: Kysely<Database>,
	id: number,
	serviceIds: readonly number[]
): Promise<void> {
	await db.deleteFrom('practitioner_service').where('practitioner_id', '=', id).execute();
	if (serviceIds.length === 0) return;
	await db
		.insertInto('practitioner_service')
		.values(serviceIds.map((serviceId) => ({ practitioner_id: id, service_id: serviceId })))
		.execute();
}

/** A new practitioner's profile and identifiers (migration 0019). */
export interface NewPractitioner extends PractitionerProfileSettings {
	slug: string;
	licenceNumber: string;
	npi: string | null;
}

/** Adds an active practitioner; returns their id. Services and hours are added after. */
export async function insertPractitioner(
	db: Kysely<Database>,
	practitioner: NewPractitioner
): Promise<number> {
	const row = await db
		.insertInto('practitioner')
		.values({
			slug: practitioner.slug,
			name: practitioner.name,
			credentials: practitioner.credentials,
			title: practitioner.title,
			summary: practitioner.summary,
			bio_markdown: practitioner.bioMarkdown,
			display_order: practitioner.displayOrder,
			licence_number: practitioner.licenceNumber,
			npi: practitioner.npi,
			active: 1
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

/** Every practitioner's slug, inactive ones included, to choose a new one that is free. */
export async function listPractitionerSlugs(db: Kysely<Database>): Promise<string[]> {
	const rows = await db.selectFrom('practitioner').select('slug').execute();
	return rows.map((row) => row.slug);
}
