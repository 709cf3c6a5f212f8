/** What a failed settings form sent back, when it is the form asked about. */
export interface SettingsFormState {
	values: Record<string, string>;
	errors: Record<string, string>;
	/** Why the change was refused as a whole (such as appointments booked ahead). */
	message: string | null;
}

/**
 * The state of the named form after a failed action (pages with several forms name each one),
 * or an empty state when another form, or none, was sent.
 */
export function settingsFormState(form: unknown, name: string): SettingsFormState {
	const record = (form ?? {}) as Partial<SettingsFormState> & { form?: string };
	if (record.form !== name) return { values: {}, errors: {}, message: null };
	return {
		values: record.values ?? {},
		errors: record.errors ?? {},
		message: record.message ?? null
	};
}

/**
 * Errors keyed by the ids of their fields (`name-3` for the field `name` of item 3), so that
 * ErrorSummary's links reach the right field when a page repeats a form.
 */
export function errorsById(errors: Record<string, string>, suffix: string): Record<string, string> {
	return Object.fromEntries(
		Object.entries(errors).map(([field, message]) => [`${field}-${suffix}`, message])
	);
}
