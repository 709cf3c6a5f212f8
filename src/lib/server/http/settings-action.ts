import { error, fail, redirect } from '@sveltejs/kit';
import type { SettingsResult } from '../services/settings-result';

/**
 * A settings action's answer: back to the page with `saved` on success (303, so a reload does
 * not post again), or the form's name with its errors or refusal and the values entered, for
 * the page to show beside the fields.
 */
export function settingsAnswer(
	result: SettingsResult,
	form: { name: string; values: Record<string, string>; savedTo: string }
) {
	if (result.kind === 'forbidden') error(403, 'Only the owner changes settings');
	if (result.kind === 'not_found') error(404, 'Not found');
	if (result.kind === 'invalid') {
		return fail(422, { form: form.name, errors: result.errors, values: form.values });
	}
	if (result.kind === 'refused') {
		return fail(409, { form: form.name, message: result.message, values: form.values });
	}
	redirect(303, form.savedTo);
}
