import type { Kysely } from 'kysely';
import { adaptShippedText } from '$lib/domain/content/shipped-content';
import { displayPhone } from '$lib/domain/clinic/phone';
import { recordId } from '$lib/domain/settings/fields';
import { can } from '$lib/domain/staff/roles';
import { insertArticle, listArticlesForEditor } from '../db/repositories/article-repository';
import { findClinic } from '../db/repositories/clinic-repository';
import { listAllPractitioners } from '../db/repositories/practitioner-repository';
import type { Database } from '../db/schema';
import { demoArticles } from '../db/seed/content-files';
import type { StaffActor } from './audit';
import { recordStaffChange } from './record-staff-change';
import type { SettingsContext, SettingsResult } from './settings-result';

/*
 * The articles shipped with the software, offered to a real clinic as drafts (ADR 0034).
 */

type Db = Kysely<Database>;

/** The shipped articles a real clinic has not added yet, and who may be named as author. */
export async function loadShippedArticleOffer(db: Db, staff: StaffActor) {
	if (!can(staff, 'content.manage')) return null;
	const [clinic, existing, practitioners] = await Promise.all([
		findClinic(db),
		listArticlesForEditor(db),
		listAllPractitioners(db)
	]);
	if (!clinic || clinic.isDemo) return null;
	const taken = new Set(existing.map((article) => article.slug));
	const missing = demoArticles().filter((article) => !taken.has(article.meta.slug));
	if (missing.length === 0) return null;
	return {
		titles: missing.map((article) => article.meta.title),
		authors: practitioners
			.filter((practitioner) => practitioner.active)
			.map(({ id, name }) => ({ id, name }))
	};
}

/**
 * Adds the shipped articles the clinic does not have yet as drafts: the clinic's name and phone
 * in place of the demo's, the chosen practitioner as author, no reviewer and no review date, so
 * that none can be published before the owner has set both in the editor.
 */
export async function addShippedArticleDrafts(
	db: Db,
	input: Record<string, string>,
	staff: StaffActor,
	context: SettingsContext
): Promise<SettingsResult> {
	if (!can(staff, 'content.manage')) return { kind: 'forbidden' };
	const author = recordId.safeParse(input.author);
	return db.transaction().execute(async (trx): Promise<SettingsResult> => {
		const [clinic, practitioners, existing] = await Promise.all([
			findClinic(trx),
			listAllPractitioners(trx),
			listArticlesForEditor(trx)
		]);
		if (!clinic || clinic.isDemo) return { kind: 'not_found' };
		const chosen = practitioners.find(
			(practitioner) => practitioner.active && author.success && practitioner.id === author.data
		);
		if (!chosen) return { kind: 'invalid', errors: { author: 'Choose who wrote them.' } };
		const own = { name: clinic.name, phone: displayPhone(clinic.phone) };
		const taken = new Set(existing.map((article) => article.slug));
		for (const { meta, body } of demoArticles()) {
			if (taken.has(meta.slug)) continue;
			const id = await insertArticle(
				trx,
				{
					slug: meta.slug,
					title: adaptShippedText(meta.title, own),
					description: adaptShippedText(meta.description, own),
					bodyMarkdown: adaptShippedText(body, own),
					authorId: chosen.id,
					reviewerId: null,
					lastReviewedOn: null,
					serviceId: null,
					conditionIds: [],
					references: meta.references.map((reference) => ({
						citation: reference.text,
						url: reference.url ?? null
					}))
				},
				{ status: 'draft', publishedOn: null }
			);
			await recordStaffChange(trx, staff, context, {
				action: 'article.shipped_draft_added',
				subject: { type: 'article', id },
				after: { slug: meta.slug, authorId: chosen.id, status: 'draft' }
			});
		}
		return { kind: 'saved' };
	});
}
