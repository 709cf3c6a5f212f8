import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import type { ReviewedText } from '$lib/domain/content/review-rules';
import { can } from '$lib/domain/staff/roles';
import { listArticleEditorChoices } from '../db/repositories/article-repository';
import type { Database } from '../db/schema';
import type { StaffActor } from './audit';
import { loadClinicZone } from './clinic-contact';
import { recordStaffChange, type StaffChangeContext } from './record-staff-change';

/*
 * What the article editor and the condition page editor share on the server: the record's
 * number from the address, the clinic's date for review dates, what the audit log keeps of a
 * reviewed text, how saving and publishing check and date it, and unpublishing.
 */

/** A record's number from the address, or null when it cannot be one. */
export function contentIdOf(text: string): number | null {
	return /^[1-9]\d{0,9}$/.test(text) ? Number(text) : null;
}

/** The clinic's calendar date now: review dates are the clinic's days. */
export async function clinicToday(db: Kysely<Database>, now: Temporal.Instant): Promise<string> {
	const { timeZone } = await loadClinicZone(db);
	return now.toZonedDateTimeISO(timeZone).toPlainDate().toString();
}

/** What the audit log keeps of a reviewed text: its bylines and references, the text as a hash. */
export function reviewedTextSnapshot(text: ReviewedText) {
	return {
		lastReviewedOn: text.lastReviewedOn,
		authorId: text.authorId,
		reviewerId: text.reviewerId,
		references: text.references,
		bodyLength: text.bodyMarkdown.length,
		bodySha256: createHash('sha256').update(text.bodyMarkdown).digest('hex')
	};
}

/** Refused: the staff member may not edit the clinic's content. */
export type Forbidden = { kind: 'forbidden' };
/** No such article or condition page. */
export type NotFound = { kind: 'not_found' };

export const forbidden: Forbidden = { kind: 'forbidden' };
export const notFound: NotFound = { kind: 'not_found' };

/** A reviewed text's place on the public site, as the editor stores it. */
export interface Publication {
	status: 'draft' | 'published';
	publishedOn: string | null;
}

/** The practitioners, services and conditions to choose from, and the clinic's date. */
export async function editorChoicesToday(db: Kysely<Database>, now: Temporal.Instant) {
	const [choices, today] = await Promise.all([listArticleEditorChoices(db), clinicToday(db, now)]);
	return { choices, today };
}

/**
 * Whether a submitted reviewed text is to be public (it is being published, or already is), and
 * its errors: then what publishing still needs (so a refused Publish lists every missing thing
 * at once), and always the form's own.
 */
export function checkSubmission(
	intent: 'save' | 'publish',
	stored: Publication | null,
	form: { kind: 'valid' } | { kind: 'invalid'; errors: Record<string, string> },
	checklist: () => Record<string, string>
): { publishing: boolean; errors: Record<string, string> } {
	const publishing = intent === 'publish' || stored?.status === 'published';
	const errors: Record<string, string> = publishing ? checklist() : {};
	if (form.kind === 'invalid') Object.assign(errors, form.errors);
	return { publishing, errors };
}

/**
 * The publication a save gives a reviewed text (`before` null for a new one): publishing keeps
 * its first publication date or sets today's; saving keeps it. The audit event is 'published'
 * only when the text was not public before.
 */
export function publicationAfterSave(
	publishing: boolean,
	before: Publication | null,
	today: string
): { publication: Publication; event: 'saved' | 'published' } {
	const status = publishing ? 'published' : 'draft';
	const publishedOn = publishing ? (before?.publishedOn ?? today) : (before?.publishedOn ?? null);
	const event = status === 'published' && before?.status !== 'published' ? 'published' : 'saved';
	return { publication: { status, publishedOn }, event };
}

/**
 * Records a change to a reviewed text, as `content.<subject>_<event>`, in the caller's
 * transaction: the audit log keeps its snapshots before (none for a new one) and after.
 */
export async function recordReviewedTextChange(
	trx: Kysely<Database>,
	staff: StaffActor,
	context: StaffChangeContext,
	change: {
		subject: 'article' | 'condition';
		id: number;
		event: 'saved' | 'published' | 'unpublished';
		before: Record<string, unknown> | undefined;
		after: Record<string, unknown>;
	}
): Promise<void> {
	await recordStaffChange(trx, staff, context, {
		action: `content.${change.subject}_${change.event}`,
		subject: { type: change.subject, id: change.id },
		before: change.before,
		after: change.after
	});
}

/** How `unpublishReviewedText` finds, changes and describes one kind of reviewed text. */
export interface ReviewedTextStore<T extends Publication> {
	/** The audit subject and action name: 'article' or 'condition'. */
	subject: 'article' | 'condition';
	find(trx: Kysely<Database>, id: number): Promise<T | null>;
	setStatus(trx: Kysely<Database>, id: number, status: 'draft'): Promise<unknown>;
	snapshot(text: T): Record<string, unknown>;
}

/**
 * Takes a reviewed text off the public site, audited in the same transaction. The text and its
 * first publication date stay; a draft is left as it is.
 */
export async function unpublishReviewedText<T extends Publication>(
	db: Kysely<Database>,
	staff: StaffActor,
	id: string,
	context: StaffChangeContext,
	store: ReviewedTextStore<T>
): Promise<Forbidden | NotFound | { kind: 'unpublished'; id: number }> {
	if (!can(staff, 'content.manage')) return forbidden;
	const textId = contentIdOf(id);
	if (textId === null) return notFound;
	return db.transaction().execute(async (trx) => {
		const before = await store.find(trx, textId);
		if (!before) return notFound;
		if (before.status === 'draft') return { kind: 'unpublished' as const, id: textId };
		await store.setStatus(trx, textId, 'draft');
		await recordReviewedTextChange(trx, staff, context, {
			subject: store.subject,
			id: textId,
			event: 'unpublished',
			before: store.snapshot(before),
			after: store.snapshot({ ...before, status: 'draft' })
		});
		return { kind: 'unpublished' as const, id: textId };
	});
}
