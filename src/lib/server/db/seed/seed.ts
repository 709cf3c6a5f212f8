import type { Kysely } from 'kysely';
import type { Database } from '../schema';
import { demoArticles, demoConditions, demoPages } from './content-files';
import {
	demoClinic,
	demoLocation,
	demoOpeningHours,
	demoPractitioners,
	demoRooms,
	demoSampleTestimonials,
	demoServices
} from './demo-clinic';
import { insertDemoOutcomeHistory } from './insert-demo-outcomes';

/**
 * Fills an empty database with the fictional demo clinic, in one transaction: either the
 * whole clinic is there afterwards or nothing is. Does nothing when a clinic already exists.
 * @returns whether it seeded.
 */
export async function seedDemoClinicIfEmpty(db: Kysely<Database>): Promise<boolean> {
	return db.transaction().execute(async (trx) => {
		const existing = await trx.selectFrom('clinic').select('id').limit(1).executeTakeFirst();
		if (existing) return false;
		await insertDemoClinic(trx);
		return true;
	});
}

async function insertDemoClinic(trx: Kysely<Database>) {
	await trx
		.insertInto('clinic')
		.values({ ...demoClinic, is_demo: 1, online_booking_open: 1 })
		.execute();
	const location = await trx
		.insertInto('location')
		.values(demoLocation)
		.returning('id')
		.executeTakeFirstOrThrow();
	await trx
		.insertInto('location_hours')
		.values(demoOpeningHours.map((hours) => ({ ...hours, location_id: location.id })))
		.execute();
	await trx
		.insertInto('room')
		.values(demoRooms.map((room) => ({ ...room, location_id: location.id })))
		.execute();

	const serviceIds = new Map<string, number>();
	for (const [index, service] of demoServices.entries()) {
		const row = await trx
			.insertInto('service')
			.values({ ...service, bookable_online: 1, display_order: index + 1, active: 1 })
			.returning('id')
			.executeTakeFirstOrThrow();
		serviceIds.set(service.slug, row.id);
	}
	const idOf = (map: Map<string, number>, slug: string, what: string) => {
		const id = map.get(slug);
		if (id === undefined) throw new Error(`demo content names an unknown ${what} "${slug}"`);
		return id;
	};

	const practitionerIds = new Map<string, number>();
	for (const [index, practitioner] of demoPractitioners.entries()) {
		const { services, hours, ...profile } = practitioner;
		const row = await trx
			.insertInto('practitioner')
			.values({ ...profile, display_order: index + 1, active: 1 })
			.returning('id')
			.executeTakeFirstOrThrow();
		practitionerIds.set(practitioner.slug, row.id);
		await trx
			.insertInto('practitioner_service')
			.values(
				services.map((slug) => ({
					practitioner_id: row.id,
					service_id: idOf(serviceIds, slug, 'service')
				}))
			)
			.execute();
		await trx
			.insertInto('practitioner_hours')
			.values(
				hours.map((entry) => ({ ...entry, practitioner_id: row.id, location_id: location.id }))
			)
			.execute();
	}

	const conditionIds = new Map<string, number>();
	for (const { meta, body } of demoConditions()) {
		const row = await trx
			.insertInto('condition')
			.values({
				slug: meta.slug,
				name: meta.name,
				summary: meta.summary,
				body_markdown: body,
				service_id: meta.service ? idOf(serviceIds, meta.service, 'service') : null,
				display_order: meta.order,
				status: 'published',
				author_id: idOf(practitionerIds, meta.author, 'practitioner'),
				reviewer_id: idOf(practitionerIds, meta.reviewer, 'practitioner'),
				last_reviewed_on: meta.lastReviewed,
				published_on: meta.lastReviewed
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		conditionIds.set(meta.slug, row.id);
		await trx
			.insertInto('condition_reference')
			.values(
				meta.references.map((reference, index) => ({
					condition_id: row.id,
					position: index + 1,
					citation: reference.text,
					url: reference.url ?? null
				}))
			)
			.execute();
	}

	for (const { meta, body } of demoArticles()) {
		const row = await trx
			.insertInto('article')
			.values({
				slug: meta.slug,
				title: meta.title,
				description: meta.description,
				body_markdown: body,
				author_id: idOf(practitionerIds, meta.author, 'practitioner'),
				reviewer_id: meta.reviewer ? idOf(practitionerIds, meta.reviewer, 'practitioner') : null,
				service_id: meta.service ? idOf(serviceIds, meta.service, 'service') : null,
				published_on: meta.published ?? meta.lastReviewed,
				last_reviewed_on: meta.lastReviewed,
				status: 'published'
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await trx
			.insertInto('article_reference')
			.values(
				meta.references.map((reference, index) => ({
					article_id: row.id,
					position: index + 1,
					citation: reference.text,
					url: reference.url ?? null
				}))
			)
			.execute();
		if (meta.conditions.length > 0) {
			await trx
				.insertInto('article_condition')
				.values(
					meta.conditions.map((slug) => ({
						article_id: row.id,
						condition_id: idOf(conditionIds, slug, 'condition')
					}))
				)
				.execute();
		}
	}

	for (const page of demoPages()) {
		await trx
			.insertInto('page')
			.values({
				slug: page.slug,
				title: page.meta.title,
				description: page.meta.description,
				body_markdown: page.body
			})
			.execute();
	}

	await trx
		.insertInto('testimonial')
		.values(
			demoSampleTestimonials.map(({ condition, ...testimonial }) => ({
				...testimonial,
				condition_id: conditionIds.get(condition) ?? null,
				source: 'sample',
				published: 1
			}))
		)
		.execute();

	// Past back-pain patients, so the owner's outcome report has figures (never published here).
	await insertDemoOutcomeHistory(trx, {
		locationId: location.id,
		timeZone: demoLocation.time_zone,
		practitioners: practitionerIds,
		services: serviceIds
	});
}
