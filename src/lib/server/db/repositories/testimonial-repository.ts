import type { Kysely } from 'kysely';
import type { Testimonial, TestimonialSource } from '$lib/domain/clinic/types';
import type { Database } from '../schema';

/** Published testimonials, newest first, critical ones included. */
export async function listPublishedTestimonials(db: Kysely<Database>): Promise<Testimonial[]> {
	const rows = await db
		.selectFrom('testimonial')
		.leftJoin('condition', 'condition.id', 'testimonial.condition_id')
		.select([
			'testimonial.id',
			'testimonial.display_name',
			'testimonial.rating',
			'testimonial.body',
			'testimonial.given_on',
			'testimonial.source',
			'condition.name as condition_name'
		])
		.where('testimonial.published', '=', 1)
		.orderBy('testimonial.given_on', 'desc')
		.orderBy('testimonial.id', 'desc')
		.execute();
	return rows.map((row) => ({
		id: row.id,
		displayName: row.display_name,
		rating: row.rating,
		body: row.body,
		conditionName: row.condition_name,
		givenOn: row.given_on,
		source: row.source as TestimonialSource
	}));
}
