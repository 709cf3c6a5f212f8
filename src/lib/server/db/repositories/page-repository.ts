import type { Kysely } from 'kysely';
import type { Page } from '$lib/domain/clinic/types';
import type { Database } from '../schema';

/** A site page such as "about" or "privacy", or null. */
export async function findPage(db: Kysely<Database>, slug: string): Promise<Page | null> {
	const row = await db.selectFrom('page').selectAll().where('slug', '=', slug).executeTakeFirst();
	if (!row) return null;
	return {
		slug: row.slug,
		title: row.title,
		description: row.description,
		bodyMarkdown: row.body_markdown
	};
}

/** The slugs of the site pages that exist (a real clinic starts without the demo's). */
export async function listPageSlugs(db: Kysely<Database>): Promise<string[]> {
	const rows = await db.selectFrom('page').select('slug').execute();
	return rows.map((row) => row.slug);
}
