import { z } from 'zod';
import { redFlagQuestions, screenRedFlags, type Screening } from '$lib/domain/intake/red-flags';

/** The answers as the form sends them: one "yes" or "no" per question id. */
export type BackPainCheckForm = Record<string, FormDataEntryValue | null>;

export type BackPainCheckResult =
	| { ok: true; screening: Screening; answers: Record<string, 'yes' | 'no'> }
	| { ok: false; errors: Record<string, string>; answers: Record<string, 'yes' | 'no'> };

const answer = z.enum(['yes', 'no']);

/**
 * Screens a completed back pain check. Every question needs an answer, because an unanswered
 * question must not count as a reassuring "no".
 */
export function checkBackPain(form: BackPainCheckForm): BackPainCheckResult {
	const answers: Record<string, 'yes' | 'no'> = {};
	const errors: Record<string, string> = {};
	for (const question of redFlagQuestions) {
		const parsed = answer.safeParse(form[question.id]);
		if (parsed.success) answers[question.id] = parsed.data;
		else errors[question.id] = 'Please answer yes or no.';
	}
	if (Object.keys(errors).length > 0) return { ok: false, errors, answers };
	const yes = Object.entries(answers)
		.filter(([, value]) => value === 'yes')
		.map(([id]) => id);
	return { ok: true, screening: screenRedFlags(yes), answers };
}
