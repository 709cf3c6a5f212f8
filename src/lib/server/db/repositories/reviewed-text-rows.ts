/*
 * The rows an article and a condition page have alike: their numbered references and their
 * publication columns. One shape for both, so the two tables are written the same way.
 */

/** A reviewed text's references as rows numbered from 1, in the order the text cites them. */
export function numberedReferenceRows(references: { citation: string; url: string | null }[]) {
	return references.map((reference, index) => ({
		position: index + 1,
		citation: reference.citation,
		url: reference.url
	}));
}

/** A reviewed text's publication as its columns. */
export function publicationColumns(publication: {
	status: 'draft' | 'published';
	publishedOn: string | null;
}) {
	return { status: publication.status, published_on: publication.publishedOn };
}
