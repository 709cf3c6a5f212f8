/**
 * A link to a booking step that keeps what was chosen before it; empty values are left out.
 */
export function stepLink(path: string, params: Record<string, string | null | undefined>): string {
	const query = new URLSearchParams();
	for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
	const text = query.toString();
	return text ? `${path}?${text}` : path;
}
