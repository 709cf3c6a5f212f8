import { parse } from 'yaml';
import { z } from 'zod';

/** A Markdown document split into its YAML front matter and its body. */
export interface FrontMatterDocument {
	data: unknown;
	body: string;
}

/**
 * Splits `---\nyaml\n---\nbody` into its parts. A document without front matter is all body.
 * @throws when the YAML is malformed, naming the problem.
 */
export function splitFrontMatter(source: string): FrontMatterDocument {
	const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(source);
	if (!match) return { data: {}, body: source.trim() };
	return { data: parse(match[1] ?? '') ?? {}, body: (match[2] ?? '').trim() };
}

const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase words joined by -');
// YAML turns an unquoted 2026-11-16 into a timestamp; accept both and keep the calendar date.
const isoDate = z.preprocess(
	(value) => (value instanceof globalThis.Date ? value.toISOString().slice(0, 10) : value),
	z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
);

const references = z
	.array(z.object({ text: z.string().min(10), url: z.url().optional() }))
	.min(1, 'needs at least one reference');

export const articleFrontMatter = z.object({
	slug,
	title: z.string().min(3),
	description: z.string().min(50).max(200),
	author: slug,
	reviewer: slug.optional(),
	published: isoDate.optional(),
	lastReviewed: isoDate,
	service: slug.optional(),
	conditions: z.array(slug).default([]),
	references
});
export type ArticleFrontMatter = z.infer<typeof articleFrontMatter>;

export const conditionFrontMatter = z.object({
	slug,
	name: z.string().min(2),
	summary: z.string().min(20).max(200),
	order: z.number().int(),
	service: slug.optional(),
	articles: z.array(slug).default([]),
	// The demo clinic's byline; a real clinic's owner chooses its own (issue 13).
	author: slug,
	reviewer: slug,
	lastReviewed: isoDate,
	references
});
export type ConditionFrontMatter = z.infer<typeof conditionFrontMatter>;

export const pageFrontMatter = z.object({
	title: z.string().min(2),
	description: z.string().min(50).max(200)
});
export type PageFrontMatter = z.infer<typeof pageFrontMatter>;

/**
 * Parses a content file against its schema.
 * @throws naming the file and the first field that is wrong.
 */
export function parseContent<T>(
	name: string,
	source: string,
	schema: z.ZodType<T>
): { meta: T; body: string } {
	const { data, body } = splitFrontMatter(source);
	const result = schema.safeParse(data);
	if (!result.success) {
		const issue = result.error.issues[0];
		throw new Error(`${name}: ${issue?.path.join('.') || 'front matter'} ${issue?.message}`);
	}
	return { meta: result.data, body };
}
