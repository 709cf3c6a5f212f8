import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import { fieldErrors } from '../booking/contact-details';
import { singleLine } from '../text/clean-text';

/*
 * Reading posted forms in the domain. Intake and outcome forms arrive as plain records of
 * strings (checkbox groups as arrays of strings), because they must work without JavaScript.
 * The helpers here turn those strings into typed values and keep every error keyed by the
 * field name it belongs to, so a page can show it next to that field.
 */

/** A posted form as a plain record: one string per field, or several for checkbox groups. */
export type FormValues = Readonly<Record<string, string | readonly string[] | undefined>>;

/** The outcome of parsing a form: the typed data, or one message per field name. */
export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: Record<string, string> };

/**
 * The first value of a field, like `FormData.get`: a repeated single-answer field (a tampered
 * or double-posted form) cannot slip a second answer past validation.
 */
export function firstValue(value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
	return undefined;
}

/**
 * Every non-blank value of a field, for checkbox groups: a form with one box ticked may arrive
 * as a single string, and an unticked group does not arrive at all.
 */
export function allValues(value: unknown): string[] {
	const list: unknown[] = Array.isArray(value) ? value : [value];
	return list.filter((item): item is string => typeof item === 'string' && item.trim() !== '');
}

/**
 * Parses form values with a schema and keys the errors by field name (the first message for
 * each field), the shape pages already use for booking details.
 */
export function parseForm<T>(schema: z.ZodType<T>, values: FormValues): FormResult<T> {
	const result = schema.safeParse(values);
	return result.success
		? { ok: true, data: result.data }
		: { ok: false, errors: fieldErrors(result.error) };
}

/** A required whole-number score from 0 to 10, as a form sends it ("7"). */
export function scoreField(message: string) {
	return z.preprocess(
		firstValue,
		z
			.string({ error: message })
			.trim()
			.regex(/^(?:10|[0-9])$/, message)
			.transform(Number)
	);
}

/** A required choice among fixed values (radio buttons). */
export function choiceField<const V extends readonly [string, ...string[]]>(
	values: V,
	message: string
) {
	return z.preprocess(firstValue, z.enum(values, { error: message }));
}

/** Required free text, trimmed, with a length limit that keeps stored answers reasonable. */
export function requiredText(message: string, maxLength: number, tooLongMessage: string) {
	return z.preprocess(
		firstValue,
		z.string({ error: message }).trim().min(1, message).max(maxLength, tooLongMessage)
	);
}

/**
 * An optional single-line answer (a name): as {@link optionalText}, with line breaks and tabs
 * made spaces (clean-text.ts).
 */
export function optionalLine(maxLength: number, tooLongMessage: string) {
	return z.preprocess(
		(value) => {
			const text = firstValue(value);
			return text === undefined ? undefined : singleLine(text);
		},
		optionalText(maxLength, tooLongMessage)
	);
}

/** Optional free text: blank becomes null, so "not answered" is one value rather than two. */
export function optionalText(maxLength: number, tooLongMessage: string) {
	return z.preprocess(
		firstValue,
		z
			.string()
			.trim()
			.max(maxLength, tooLongMessage)
			.optional()
			.transform((value) => (value ? value : null))
	);
}

/**
 * A checkbox group limited to known values; duplicates collapse and the order follows
 * `values`, so the stored answer does not depend on how the browser ordered the fields.
 */
export function checkboxField<const V extends readonly [string, ...string[]]>(
	values: V,
	message: string
) {
	return z.preprocess(
		allValues,
		z
			.array(z.enum(values, { error: message }), { error: message })
			.transform((chosen) => values.filter((value) => chosen.includes(value)) as V[number][])
	);
}

/**
 * A calendar date from a date input ("2027-03-15"), kept as the ISO string so it stores and
 * reloads unchanged. `latest` and `earliest` bound it (for example, not in the future).
 */
export function isoDateField(messages: {
	required: string;
	invalid: string;
	tooLate?: { latest: Temporal.PlainDate; message: string };
	tooEarly?: { earliest: Temporal.PlainDate; message: string };
}) {
	return z.preprocess(
		firstValue,
		z
			.string({ error: messages.required })
			.trim()
			.min(1, messages.required)
			.regex(/^\d{4}-\d{2}-\d{2}$/, messages.invalid)
			.superRefine((text, ctx) => {
				const date = plainDateOrNull(text);
				if (!date) {
					ctx.addIssue({ code: 'custom', message: messages.invalid });
					return;
				}
				const { tooLate, tooEarly } = messages;
				if (tooLate && Temporal.PlainDate.compare(date, tooLate.latest) > 0) {
					ctx.addIssue({ code: 'custom', message: tooLate.message });
				}
				if (tooEarly && Temporal.PlainDate.compare(date, tooEarly.earliest) < 0) {
					ctx.addIssue({ code: 'custom', message: tooEarly.message });
				}
			})
	);
}

/** A real calendar date from "YYYY-MM-DD", or null: 2027-02-30 must not roll over to March. */
export function plainDateOrNull(text: string): Temporal.PlainDate | null {
	try {
		return Temporal.PlainDate.from(text, { overflow: 'reject' });
	} catch {
		return null;
	}
}

/** Collects field errors while a step is read, for rules that span several fields. */
export interface FormReader {
	/** The raw values, for reading a field that another field's answer makes optional. */
	readonly values: FormValues;
	/**
	 * Parses one field. On failure the message is recorded under `name` and `fallback` is
	 * returned, so later rules can run and report their own fields in the same round trip; the
	 * step's result is discarded whenever any message was recorded.
	 */
	field<S extends z.ZodType>(name: string, schema: S, fallback: z.output<S>): z.output<S>;
	/** Records a message for a field. */
	fail(name: string, message: string): void;
}

/**
 * A zod schema for a form whose rules span fields (a detail that is required only after a
 * "yes"). Every message is reported at once rather than the cross-field ones only after the
 * simple ones are fixed, which saves patients a round trip per mistake.
 */
export function formSchema<T>(read: (form: FormReader) => T): z.ZodType<T, FormValues> {
	return z
		.custom<FormValues>(
			(value) => typeof value === 'object' && value !== null && !Array.isArray(value),
			'The form could not be read. Please try again.'
		)
		.transform((values, ctx) => {
			const failures = new Map<string, string>();
			const reader: FormReader = {
				values,
				field(name, schema, fallback) {
					const result = schema.safeParse(values[name]);
					if (result.success) return result.data;
					if (!failures.has(name)) {
						failures.set(name, result.error.issues[0]?.message ?? 'Please check this answer.');
					}
					return fallback;
				},
				fail(name, message) {
					if (!failures.has(name)) failures.set(name, message);
				}
			};
			const data = read(reader);
			if (failures.size === 0) return data;
			for (const [name, message] of failures) {
				ctx.addIssue({ code: 'custom', path: [name], message, input: values[name] });
			}
			return z.NEVER;
		});
}
