import type { Kysely } from 'kysely';
import type { Condition } from '$lib/domain/clinic/types';
import type { Database } from '../schema';

/** The conditions the clinic treats, in display order. */
export async function listConditions(db: Kysely<Database>): Promise<Condition[]> {
	const rows = await db
		.selectFrom('condition')
		.leftJoin('service', 'service.id', 'condition.service_id')
		.select([
			'condition.id',
			'condition.slug',
			'condition.name',
			'condition.summary',
			'condition.body_markdown',
			'service.slug as service_slug'
		])
		.orderBy('condition.display_order')
		.orderBy('condition.id')
		.execute();
	return rows.map((row) => ({
		id: row.id,
		slug: row.slug,
		name: row.name,
		summary: row.summary,
		bodyMarkdown: row.body_markdown,
		serviceSlug: row.service_slug
	}));
}
