/**
 * A link to a booking step that keeps what was chosen before it; empty values are left out.
 */
export function stepLink(path: string, params: Record<string, string | null | undefined>): string {
	const query = new URLSearchParams();
	for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
	const text = query.toString();
	return text ? `${path}?${text}` : path;
}

/**
 * The practitioner a booking flow has settled on, as its links carry it: a slug, "any", or
 * `fallback` before one is chosen.
 */
export function chosenPractitioner<T extends string | null>(
	flow: object | null,
	fallback: T
): string | T {
	// Steps before the practitioner's have no such field at all.
	const chosen =
		flow && 'practitioner' in flow
			? (flow.practitioner as 'any' | { slug: string } | null | undefined)
			: null;
	if (!chosen) return fallback;
	return chosen === 'any' ? 'any' : chosen.slug;
}
