/*
 * What any health text the clinic publishes needs, whether an article or a condition page:
 * its text, an author, a second practitioner who reviewed it, the day of that review, and the
 * references its text cites. One rule for both, so the two can never drift apart.
 */

/** The parts of a health text that the review rule looks at. */
export interface ReviewedText {
	bodyMarkdown: string;
	/** Null only for a condition page nobody has taken responsibility for yet. */
	authorId: number | null;
	reviewerId: number | null;
	/** 'YYYY-MM-DD', or null until someone has reviewed it. */
	lastReviewedOn: string | null;
	/** In the order the text cites them: the first is [1]. */
	references: { citation: string; url: string | null }[];
}

/** How many references a health text may list. */
export const maxReferences = 30;

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
 * What a health text still lacks before patients may read it, by form field, or an empty
 * record when it is ready. `what` names it in the messages ("article", "condition page").
 */
export function reviewProblems(text: ReviewedText, what: string): Record<string, string> {
	const problems: Record<string, string> = {};
	const count = text.references.length;
	if (text.bodyMarkdown.trim() === '') {
		problems.body = `A published ${what} needs its text.`;
	} else {
		const uncited = citedReferenceNumbers(text.bodyMarkdown).filter((n) => n < 1 || n > count);
		if (uncited.length > 0) {
			problems.body = `The text cites ${uncited.map((n) => `[${n}]`).join(', ')}, but the list has ${count} reference${count === 1 ? '' : 's'}.`;
		}
	}
	if (text.authorId === null) {
		problems.authorId = `A published ${what} needs an author: the practitioner who takes responsibility for it.`;
	}
	if (text.reviewerId === null) {
		problems.reviewerId = `A published ${what} needs a reviewer: another practitioner who checked it.`;
	} else if (text.reviewerId === text.authorId) {
		problems.reviewerId = 'The reviewer must be someone other than the author.';
	}
	if (text.lastReviewedOn === null) {
		problems.lastReviewedOn = `A published ${what} needs the date it was last reviewed.`;
	}
	if (count === 0) problems.references = `A published ${what} needs at least one reference.`;
	return problems;
}
