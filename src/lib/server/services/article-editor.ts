import type { Kysely } from 'kysely';
import {
	articleFormValues,
	inFormOrder,
	publishChecklist,
	readArticleForm,
	validateArticleForm,
	type ArticleFormValues
} from '$lib/domain/content/article-form';
import { publishProblems } from '$lib/domain/content/article-rules';
import { isWebAddress } from '$lib/domain/content/safe-links';
import { can } from '$lib/domain/staff/roles';
import { renderMarkdown } from '../content/render-markdown';
import {
	findArticleForEditor,
	findArticleIdBySlug,
	insertArticle,
	listArticleEditorChoices,
	listArticlesForEditor,
	setArticleStatus,
	updateArticle,
	type ArticleRecord
} from '../db/repositories/article-repository';
import { isUniqueViolation } from '../db/repositories/idempotency-repository';
import type { Database } from '../db/schema';
import type { StaffActor } from './audit';
import { loadShippedArticleOffer } from './shipped-articles';
import type { StaffChangeContext } from './record-staff-change';
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

/*
 * The owner writes and publishes the clinic's articles in the workspace. Drafts may be
 * incomplete; a published article must stay complete (references, a reviewer other than the
 * author, a review date), so publishing and saving a published article check that. Every
 * change is in the audit log, written in the same transaction.
 */

type Db = Kysely<Database>;
type Invalid = { kind: 'invalid'; values: ArticleFormValues; errors: Record<string, string> };

/** What the audit log keeps of an article: its metadata, and the text as a length and hash. */
export function articleSnapshot(article: Omit<ArticleRecord, 'id'>) {
	const { lastReviewedOn, authorId, reviewerId, references, bodyLength, bodySha256 } =
		reviewedTextSnapshot(article);
	return {
		slug: article.slug,
		title: article.title,
		description: article.description,
		status: article.status,
		publishedOn: article.publishedOn,
		lastReviewedOn,
		authorId,
		reviewerId,
		serviceId: article.serviceId,
		conditionIds: article.conditionIds,
		references,
		bodyLength,
		bodySha256
	};
}

const articleIdOf = contentIdOf;

/**
 * Gives a rendered article's ids and in-page links a prefix, so that the preview's headings
 * and citation links cannot clash with the editor's fields on the same page.
 */
export function prefixAnchors(html: string, prefix: string): string {
	return html.replace(/ (id="|href="#)/g, ` $1${prefix}`);
}

const slugTaken = (slug: string) =>
	`Another article already has the address /articles/${slug}. Choose another.`;

/** Every article, drafts included, for the workspace's article list. */
export async function loadArticleList(db: Db, staff: StaffActor) {
	if (!can(staff, 'content.manage')) return forbidden;
	const [articles, shipped] = await Promise.all([
		listArticlesForEditor(db),
		loadShippedArticleOffer(db, staff)
	]);
	return { kind: 'ok' as const, articles, shipped };
}

/**
 * The editor for one article (`id` from the address) or for a new one (`id` null), with the
 * practitioners, services and conditions to choose from.
 */
export async function loadArticleEditor(db: Db, staff: StaffActor, id: string | null) {
	if (!can(staff, 'content.manage')) return forbidden;
	const choices = await listArticleEditorChoices(db);
	if (id === null) {
		const values = readArticleForm({});
		return { kind: 'ok' as const, article: null, values, choices, missing: [] as string[] };
	}
	const articleId = articleIdOf(id);
	const record = articleId === null ? null : await findArticleForEditor(db, articleId);
	if (!record) return notFound;
	return {
		kind: 'ok' as const,
		article: {
			id: record.id,
			slug: record.slug,
			title: record.title,
			status: record.status,
			publishedOn: record.publishedOn
		},
		values: articleFormValues(record),
		choices,
		// What a draft still lacks, so the owner sees it before pressing Publish.
		missing: record.status === 'draft' ? Object.values(publishProblems(record)) : []
	};
}

/**
 * Renders the submitted, unsaved article with the public site's renderer, so the preview shows
 * exactly what patients would see. Nothing is stored.
 */
export async function previewArticle(
	db: Db,
	staff: StaffActor,
	fields: Record<string, string>,
	context: StaffChangeContext
) {
	if (!can(staff, 'content.manage')) return forbidden;
	const values = readArticleForm(fields);
	const { choices, today } = await editorChoicesToday(db, context.now);
	const form = validateArticleForm(values, choices, today);
	const nameOf = (id: string) =>
		choices.practitioners.find((practitioner) => String(practitioner.id) === id)?.name ?? null;
	return {
		kind: 'ok' as const,
		values,
		errors: form.kind === 'invalid' ? form.errors : {},
		missing: Object.values(publishChecklist(values)),
		preview: {
			title: values.title.trim(),
			description: values.description.trim(),
			html: prefixAnchors(renderMarkdown(values.body, { citations: true }), 'preview-'),
			authorName: nameOf(values.authorId),
			reviewerName: nameOf(values.reviewerId),
			lastReviewedOn: values.lastReviewedOn.trim() || null,
			references: values.references.map((reference, index) => ({
				position: index + 1,
				citation: reference.citation.trim(),
				// Only an address that passed the reference rule becomes a link, even in a preview.
				url: isWebAddress(reference.url.trim()) ? reference.url.trim() : null
			}))
		}
	};
}

/**
 * Saves an article from the editor's form: a new one when `id` is null. `publish` also
 * publishes it (the first publication sets its publication date); `save` keeps its status.
 * Refused with the reasons by field when the form is wrong, the address is taken, or a
 * published article would lack what publishing requires.
 */
export async function saveArticle(
	db: Db,
	staff: StaffActor,
	id: string | null,
	fields: Record<string, string>,
	intent: 'save' | 'publish',
	context: StaffChangeContext
): Promise<
	Forbidden | NotFound | Invalid | { kind: 'saved'; id: number; event: 'saved' | 'published' }
> {
	if (!can(staff, 'content.manage')) return forbidden;
	const articleId = id === null ? null : articleIdOf(id);
	const existing = articleId === null ? null : await findArticleForEditor(db, articleId);
	if (id !== null && !existing) return notFound;

	const values = readArticleForm(fields);
	const { choices, today } = await editorChoicesToday(db, context.now);
	const form = validateArticleForm(values, choices, today);
	const { publishing, errors } = checkSubmission(intent, existing, form, () =>
		publishChecklist(values)
	);
	if (form.kind === 'valid') {
		const owner = await findArticleIdBySlug(db, form.draft.slug);
		if (owner !== null && owner !== articleId) errors.slug = slugTaken(form.draft.slug);
	}
	if (form.kind === 'invalid' || Object.keys(errors).length > 0) {
		return { kind: 'invalid', values, errors: inFormOrder(errors) };
	}
	const draft = form.draft;

	try {
		return await db.transaction().execute(async (trx) => {
			const before = articleId === null ? null : await findArticleForEditor(trx, articleId);
			if (articleId !== null && !before) return notFound;
			const { publication, event } = publicationAfterSave(publishing, before, today);
			let savedId = articleId;
			if (savedId === null) savedId = await insertArticle(trx, draft, publication);
			else await updateArticle(trx, savedId, draft, publication);
			await recordReviewedTextChange(trx, staff, context, {
				subject: 'article',
				id: savedId,
				event,
				before: before ? articleSnapshot(before) : undefined,
				after: articleSnapshot({ ...draft, ...publication })
			});
			return { kind: 'saved' as const, id: savedId, event };
		});
	} catch (error) {
		// Someone else took the address between the check and the write.
		if (!isUniqueViolation(error)) throw error;
		return { kind: 'invalid', values, errors: { slug: slugTaken(draft.slug) } };
	}
}

/**
 * Takes an article off the public site: its page, the list, the sitemap and the feed. The text
 * and the first publication date stay, so publishing it again is one click.
 */
export async function unpublishArticle(
	db: Db,
	staff: StaffActor,
	id: string,
	context: StaffChangeContext
): Promise<Forbidden | NotFound | { kind: 'unpublished'; id: number }> {
	return unpublishReviewedText(db, staff, id, context, {
		subject: 'article',
		find: findArticleForEditor,
		setStatus: setArticleStatus,
		snapshot: articleSnapshot
	});
}
