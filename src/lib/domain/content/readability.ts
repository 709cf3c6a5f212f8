/*
 * How hard a short text is to read, as a US school grade (Flesch-Kincaid). Patients in pain,
 * many of them older, answer the safety questions, so each is kept at a 6th-8th grade level
 * and a unit test measures it. Syllables are counted by a rule of thumb (vowel groups, a
 * silent final "e"), which is what readability tools do; it is close enough for a bound.
 */

/** Syllables in one English word, at least one. */
export function countSyllables(word: string): number {
	const letters = word.toLowerCase().replace(/[^a-z]/g, '');
	if (letters.length === 0) return 0;
	if (letters.length <= 3) return 1;
	const trimmed = letters
		// A silent final "e" ("bone", "stroke") but not "-le" after a consonant ("ankle").
		.replace(/(?:[^laeiouy]es|[^laeiouy]e|ed)$/, (ending) => ending.slice(0, 1))
		.replace(/^y/, '');
	const groups = trimmed.match(/[aeiouy]{1,2}/g);
	return Math.max(1, groups ? groups.length : 1);
}

/** The words of a text (letters, digits, apostrophes and hyphens inside a word). */
export function words(text: string): string[] {
	return text.match(/[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*/g) ?? [];
}

/** Sentences: at least one for a non-empty text. */
export function sentenceCount(text: string): number {
	const count = text.split(/[.!?]+(?:\s|$)/).filter((part) => part.trim().length > 0).length;
	return Math.max(1, count);
}

/**
 * The Flesch-Kincaid grade level of a text: 0.39 × words per sentence + 11.8 × syllables per
 * word − 15.59. Numbers count as one syllable each.
 */
export function fleschKincaidGrade(text: string): number {
	const list = words(text);
	if (list.length === 0) return 0;
	const syllables = list.reduce(
		(sum, word) => sum + (/^\d+$/.test(word) ? 1 : countSyllables(word)),
		0
	);
	return 0.39 * (list.length / sentenceCount(text)) + 11.8 * (syllables / list.length) - 15.59;
}
