import type { FormValues } from '$lib/domain/intake/form-values';

/** What every intake field component is handed: the form's values and errors by field name. */
export interface FieldState {
	values: FormValues;
	errors: Record<string, string>;
}

/** A field's single value as text ('' when absent). */
export function textOf(values: FormValues, name: string): string {
	const value = values[name];
	if (typeof value === 'string') return value;
	return Array.isArray(value) ? (value[0] ?? '') : '';
}

/** A checkbox group's ticked values. */
export function listOf(values: FormValues, name: string): readonly string[] {
	const value = values[name];
	if (typeof value === 'string') return [value];
	return Array.isArray(value) ? value : [];
}

/** The ids a field's aria-describedby names: its hint and its error, when present. */
export function describedBy(name: string, hint: boolean, error: boolean): string | undefined {
	const ids = [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean);
	return ids.length > 0 ? ids.join(' ') : undefined;
}
