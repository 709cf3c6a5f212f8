import type { Kysely } from 'kysely';
import { displayPhone } from '$lib/domain/clinic/phone';
import {
	conditionErrorsInOrder,
	conditionFormValues,
	conditionPublishChecklist,
	conditionPublishProblems,
	readConditionForm,
	validateConditionForm,
	type ConditionFormValues
} from '$lib/domain/content/condition-page';
import { adaptShippedText } from '$lib/domain/content/shipped-content';
import { can } from '$lib/domain/staff/roles';
import { listArticleEditorChoices } from '../db/repositories/article-repository';
import { findClinic } from '../db/repositories/clinic-repository';
import {
	findConditionForEditor,
	insertCondition,
	listConditionsForEditor,
	setConditionStatus,
	updateCondition,
	type ConditionRecord
} from '../db/repositories/condition-repository';
import type { Database } from '../db/schema';
import { demoConditions } from '../db/seed/content-files';
import type { StaffActor } from './audit';
import {
	checkSubmission,
	contentIdOf,
	editorChoicesToday,
	forbidden,
	notFound,
	publicationAfterSave,
	recordReviewedTextChange,
	reviewedTextSnapshot,
	unpublishReviewedText,
	type Forbidden,
	type NotFound
} from './content-editing';
import { recordStaffChange, type StaffChangeContext } from './record-staff-change';

/*
 * The owner edits and publishes the clinic's condition pages in the workspace, by the same
 * rule as articles (review-rules.ts): a published page has an author, a reviewer other than
 * the author, a review date and references. A real clinic receives the shipped pages as
 * drafts with its own name and phone and no byline; nothing is public until the owner has
 * set the byline and published each. Every change is audited in the same transaction.
 */

type Db = Kysely<Database>;
type Invalid = { kind: 'invalid'; values: ConditionFormValues; errors: Record<string, string> };

/** What the audit log keeps of a condition page: its metadata, and the text as a hash. */
export function conditionSnapshot(page: Omit<ConditionRecord, 'id'>) {
	return {
		slug: page.slug,
		name: page.name,
		summary: page.summary,
		status: page.status,
		publishedOn: page.publishedOn,
		...reviewedTextSnapshot(page)
	};
}

/** The shipped condition pages a real clinic does not have yet (none for the demo clinic). */
async function missingShippedConditions(db: Db) {
	const [clinic, existing] = await Promise.all([findClinic(db), listConditionsForEditor(db)]);
	if (!clinic || clinic.isDemo) return { clinic: null, missing: [] };
	const taken = new Set(existing.map((condition) => condition.slug));
	return {
		clinic,
		missing: demoConditions().filter((condition) => !taken.has(condition.meta.slug))
	};
}

/** Every condition page, drafts included, and the shipped pages the clinic could still add. */
export async function loadConditionPageList(db: Db, staff: StaffActor) {
	if (!can(staff, 'content.manage')) return forbidden;
	const [conditions, shipped] = await Promise.all([
		listConditionsForEditor(db),
		missingShippedConditions(db)
	]);
	return {
		kind: 'ok' as const,
		conditions,
		shipped: shipped.missing.map((condition) => condition.meta.name)
	};
}

/** The editor for one condition page (`id` from the address), with the practitioners. */
export async function loadConditionEditor(db: Db, staff: StaffActor, id: string) {
	if (!can(staff, 'content.manage')) return forbidden;
	const conditionId = contentIdOf(id);
	const [record, choices] = await Promise.all([
		conditionId === null ? null : findConditionForEditor(db, conditionId),
		listArticleEditorChoices(db)
	]);
	if (!record) return notFound;
	return {
		kind: 'ok' as const,
		condition: {
			id: record.id,
			slug: record.slug,
			name: record.name,
			status: record.status,
			publishedOn: record.publishedOn
		},
		values: conditionFormValues(record),
		practitioners: choices.practitioners,
		// What a draft still lacks, so the owner sees it before pressing Publish.
		missing: record.status === 'draft' ? Object.values(conditionPublishProblems(record)) : []
	};
}

/**
 * Saves a condition page from the editor's form. `publish` also publishes it (the first
 * publication sets its publication date); `save` keeps its status. Refused with the reasons
 * by field when the form is wrong or a published page would lack what publishing requires.
 */
export async function saveConditionPage(
	db: Db,
	staff: StaffActor,
	id: string,
	fields: Record<string, string>,
	intent: 'save' | 'publish',
	context: StaffChangeContext
): Promise<
	Forbidden | NotFound | Invalid | { kind: 'saved'; id: number; event: 'saved' | 'published' }
> {
	if (!can(staff, 'content.manage')) return forbidden;
	const conditionId = contentIdOf(id);
	const existing = conditionId === null ? null : await findConditionForEditor(db, conditionId);
	if (conditionId === null || !existing) return notFound;

	const values = readConditionForm(fields);
	const { choices, today } = await editorChoicesToday(db, context.now);
	const practitionerIds = new Set(choices.practitioners.map((entry) => entry.id));
	const form = validateConditionForm(values, practitionerIds, today);
	const { publishing, errors } = checkSubmission(intent, existing, form, () =>
		conditionPublishChecklist(values)
	);
	if (form.kind === 'invalid' || Object.keys(errors).length > 0) {
		return { kind: 'invalid', values, errors: conditionErrorsInOrder(errors) };
	}
	const draft = form.draft;

	return db.transaction().execute(async (trx) => {
		const before = await findConditionForEditor(trx, conditionId);
		if (!before) return notFound;
		const { publication, event } = publicationAfterSave(publishing, before, today);
		await updateCondition(trx, conditionId, draft, publication);
		await recordReviewedTextChange(trx, staff, context, {
			subject: 'condition',
			id: conditionId,
			event,
			before: conditionSnapshot(before),
			after: conditionSnapshot({ ...draft, slug: before.slug, ...publication })
		});
		return { kind: 'saved' as const, id: conditionId, event };
	});
}

/**
 * Takes a condition page off the public site: its page, the lists and the sitemap. The text
 * and the first publication date stay, so publishing it again is one click.
 */
export async function unpublishConditionPage(
	db: Db,
	staff: StaffActor,
	id: string,
	context: StaffChangeContext
): Promise<Forbidden | NotFound | { kind: 'unpublished'; id: number }> {
	return unpublishReviewedText(db, staff, id, context, {
		subject: 'condition',
		find: findConditionForEditor,
		setStatus: setConditionStatus,
		snapshot: conditionSnapshot
	});
}

/**
 * Adds the shipped condition pages a real clinic does not have yet, as drafts: the clinic's
 * name and phone in place of the demo's, booking links to the booking page without a service,
 * the references kept, and no author, reviewer or review date, so that none can be published
 * before the owner has chosen the clinic's own.
 */
export async function addShippedConditionDrafts(
	db: Db,
	staff: StaffActor,
	context: StaffChangeContext
): Promise<Forbidden | NotFound | { kind: 'added'; count: number }> {
	if (!can(staff, 'content.manage')) return forbidden;
	return db.transaction().execute(async (trx) => {
		const { clinic, missing } = await missingShippedConditions(trx);
		if (!clinic) return notFound;
		const own = { name: clinic.name, phone: displayPhone(clinic.phone) };
		for (const { meta, body } of missing) {
			const id = await insertCondition(
				trx,
				{
					slug: meta.slug,
					name: adaptShippedText(meta.name, own),
					summary: adaptShippedText(meta.summary, own),
					bodyMarkdown: adaptShippedText(body, own),
					authorId: null,
					reviewerId: null,
					lastReviewedOn: null,
					references: meta.references.map((reference) => ({
						citation: reference.text,
						url: reference.url ?? null
					})),
					serviceId: null,
					displayOrder: meta.order
				},
				{ status: 'draft', publishedOn: null }
			);
			await recordStaffChange(trx, staff, context, {
				action: 'content.condition_shipped_draft_added',
				subject: { type: 'condition', id },
				after: { slug: meta.slug, status: 'draft' }
			});
		}
		return { kind: 'added' as const, count: missing.length };
	});
}
