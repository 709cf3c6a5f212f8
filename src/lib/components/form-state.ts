/** What a failed form action sent back: the entered values and the errors by field. */
export function formState(form: unknown): {
	values: Record<string, string>;
	errors: Record<string, string>;
} {
	const record = (form ?? {}) as {
		values?: Record<string, string>;
		errors?: Record<string, string>;
	};
	return { values: record.values ?? {}, errors: record.errors ?? {} };
}
