import { describe, expect, it } from 'vitest';
import { countSyllables, fleschKincaidGrade, sentenceCount, words } from './readability';

describe('countSyllables', () => {
	it.each([
		['pain', 1],
		['back', 1],
		['stroke', 1],
		['doctor', 2],
		['ankle', 2],
		['numbness', 2],
		['osteoporosis', 5],
		['immune', 2],
		['medicine', 3],
		['yes', 1]
	])('%s has %i', (word, syllables) => {
		expect(countSyllables(word)).toBe(syllables);
	});
});

describe('fleschKincaidGrade', () => {
	it('a short, plain question reads below grade 6', () => {
		expect(fleschKincaidGrade('Have you had a fever, chills or sweats?')).toBeLessThan(6);
	});

	it('jargon reads far above grade 8', () => {
		expect(
			fleschKincaidGrade(
				'Do you take immunosuppressive biologic therapies, systemic corticosteroids or antineoplastic chemotherapeutic agents?'
			)
		).toBeGreaterThan(12);
	});

	it('counts sentences and words', () => {
		expect(sentenceCount('One. Two! Three?')).toBe(3);
		expect(words("It's a 30-minute walk.")).toEqual(["It's", 'a', '30-minute', 'walk']);
		expect(fleschKincaidGrade('')).toBe(0);
	});
});
