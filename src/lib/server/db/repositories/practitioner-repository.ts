import type { Kysely } from 'kysely';
import type { Practitioner } from '$lib/domain/clinic/types';
import type { Database } from '../schema';

/** Active practitioners in display order, each with the services they offer. */
export async function listPractitioners(db: Kysely<Database>): Promise<Practitioner[]> {
	const [rows, links] = await Promise.all([
		db
			.selectFrom('practitioner')
			.selectAll()
			.where('active', '=', 1)
			.orderBy('display_order')
			.orderBy('id')
			.execute(),
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
		serviceIds: links
			.filter((link) => link.practitioner_id === row.id)
			.map((link) => link.service_id)
			.sort((a, b) => a - b)
	}));
}
