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
	references: 30
} as const;

/** An article as staff wrote it, checked field by field but not necessarily ready to publish. */
export interface ArticleDraft {
	title: string;
	slug: string;
	description: string;
	bodyMarkdown: string;
	authorId: number;
	reviewerId: number | null;
	/** The day the reviewer last checked it, 'YYYY-MM-DD'; null until someone has. */
	lastReviewedOn: string | null;
	serviceId: number | null;
	conditionIds: number[];
	/** In the order the text cites them: the first is [1]. */
	references: { citation: string; url: string | null }[];
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
 * The reference numbers a text cites with markers like "[2]", "[1, 3]" or "[4-6]" (the same
 * markers the public page links to the reference list). "[1](...)" is a Markdown link, not a
 * citation.
 */
export function citedReferenceNumbers(markdown: string): number[] {
	const cited = new Set<number>();
	for (const match of markdown.matchAll(/\[(\d{1,3}(?:\s*[,–-]\s*\d{1,3})*)\](?![(:])/g)) {
		for (const part of (match[1] ?? '').split(/\s*,\s*/)) {
			const [first, last] = part.split(/\s*[–-]\s*/).map(Number);
			if (first === undefined) continue;
			cited.add(first);
			if (last !== undefined) cited.add(last);
		}
	}
	return [...cited].sort((a, b) => a - b);
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
	const count = draft.references.length;
	if (draft.bodyMarkdown.trim() === '') {
		problems.body = 'A published article needs its text.';
	} else {
		const uncited = citedReferenceNumbers(draft.bodyMarkdown).filter((n) => n < 1 || n > count);
		if (uncited.length > 0) {
			problems.body = `The text cites ${uncited.map((n) => `[${n}]`).join(', ')}, but the list has ${count} reference${count === 1 ? '' : 's'}.`;
		}
	}
	if (draft.reviewerId === null) {
		problems.reviewerId =
			'A published article needs a reviewer: another practitioner who checked it.';
	} else if (draft.reviewerId === draft.authorId) {
		problems.reviewerId = 'The reviewer must be someone other than the author.';
	}
	if (draft.lastReviewedOn === null) {
		problems.lastReviewedOn = 'A published article needs the date it was last reviewed.';
	}
	if (count === 0) problems.references = 'A published article needs at least one reference.';
	return problems;
}
