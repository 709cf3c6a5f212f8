import { cleanText } from '$lib/domain/text/clean-text';

/**
 * A posted form's text fields as a plain record, each cut to `maxLength` characters so that a
 * huge value cannot reach a service, without control characters (`cleanText`); files are
 * ignored.
 */
export async function formFields(
	request: Request,
	maxLength = 500
): Promise<Record<string, string>> {
	const fields: Record<string, string> = {};
	for (const [key, value] of await request.formData()) {
		if (typeof value === 'string') fields[key] = cleanText(value).slice(0, maxLength);
	}
	return fields;
}
