import type { FormValues } from '$lib/domain/intake/form-values';
import { cleanText } from '$lib/domain/text/clean-text';

/**
 * A posted form as the domain's form readers take it: a repeated field (a checkbox group)
 * keeps every value, in order, and other fields their single value. Unlike `formFields`, free
 * text may run to `maxLength` characters (the domain's own limits then say what is too long);
 * a value beyond that is cut so that a huge post cannot reach a service, and at most
 * `maxValues` values are kept per field. Control characters are removed (`cleanText`). Files
 * are ignored.
 */
export async function readFormValues(
	request: Request,
	options: { maxLength?: number; maxValues?: number } = {}
): Promise<Record<string, string | string[]>> {
	const { maxLength = 2000, maxValues = 50 } = options;
	const data = await request.formData();
	const values: Record<string, string | string[]> = {};
	for (const key of new Set(data.keys())) {
		const texts = data
			.getAll(key)
			.filter((value): value is string => typeof value === 'string')
			.slice(0, maxValues)
			.map((value) => cleanText(value).slice(0, maxLength));
		if (texts.length === 0) continue;
		values[key] = texts.length === 1 ? (texts[0] as string) : texts;
	}
	return values satisfies FormValues;
}
