/** The aria attributes of a form field from its name and the form's errors. */
export function fieldAria(errors: Record<string, string>) {
	return {
		/** The ids of the field's hint (when it has one) and its error (when there is one). */
		describedBy: (name: string, hint = false) =>
			[hint ? `${name}-hint` : '', errors[name] ? `${name}-error` : ''].filter(Boolean).join(' ') ||
			undefined,
		invalid: (name: string) => (errors[name] ? ('true' as const) : undefined)
	};
}
