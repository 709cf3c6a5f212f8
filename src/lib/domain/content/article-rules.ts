import { maxReferences, reviewProblems, type ReviewedText } from './review-rules';

export { citedReferenceNumbers } from './review-rules';

/*
 * The clinic's rules for an article written in the staff workspace: what its address may look
 * like, and what it needs before patients may read it. Honest content is cited and checked by
 * a second practitioner, so an article without references, a reviewer other than its author,
 * or a review date stays a draft.
 */

/** How long each part of an article may be. */
export const articleLimits = {
	titleMin: 3,
	title: 120,
	slug: 80,
	descriptionMin: 50,
	description: 200,
	body: 50_000,
	citationMin: 10,
	citation: 500,
	url: 500,
	references: maxReferences
} as const;

/** An article as staff wrote it, checked field by field but not necessarily ready to publish. */
export interface ArticleDraft extends ReviewedText {
	title: string;
	slug: string;
	description: string;
	/** An article always has an author, even as a draft. */
	authorId: number;
	serviceId: number | null;
	conditionIds: number[];
}

export type ArticleStatus = 'draft' | 'published';

/** Whether a slug is lowercase words joined by single hyphens, short enough for an address. */
export function isArticleSlug(slug: string): boolean {
	return slug.length <= articleLimits.slug && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug);
}

/** "Can acupuncture help your back pain?" -> "can-acupuncture-help-your-back-pain" */
export function slugFromTitle(title: string): string {
	const words = title
		.normalize('NFKD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '');
	if (words.length <= articleLimits.slug) return words;
	const cut = words.slice(0, articleLimits.slug + 1);
	return cut.slice(0, Math.max(cut.lastIndexOf('-'), 1)).replace(/-+$/, '');
}

/**
 * What an article still lacks before patients may read it, by form field, or an empty record
 * when it is ready. A published article must stay ready, so saving one checks this too.
 */
export function publishProblems(draft: ArticleDraft): Record<string, string> {
	const problems: Record<string, string> = {};
	if (draft.description.trim().length < articleLimits.descriptionMin) {
		problems.description = `A published article needs a description of ${articleLimits.descriptionMin} to ${articleLimits.description} characters; search results show it.`;
	}
	return { ...problems, ...reviewProblems(draft, 'article') };
}
