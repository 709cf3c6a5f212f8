import { describe, expect, it } from 'vitest';
import { intakeProgress, stepAfter } from './intake-progress';

describe('intakeProgress', () => {
	it('nothing saved: the first step is next', () => {
		const progress = intakeProgress([]);
		expect(progress).toMatchObject({
			completedCount: 0,
			total: 9,
			next: 'about-you',
			complete: false
		});
		expect(progress.steps[0]).toEqual({
			id: 'about-you',
			title: 'About you',
			number: 1,
			complete: false
		});
	});

	it('next is the first missing step, even when later ones are saved', () => {
		const progress = intakeProgress(['about-you', 'red-flags', 'history']);
		expect(progress.next).toBe('pain');
		expect(progress.completedCount).toBe(3);
		expect(progress.steps.filter((step) => step.complete).map((step) => step.number)).toEqual([
			1, 3, 4
		]);
	});

	it('every step saved: complete, nothing next', () => {
		const all = intakeProgress([]).steps.map((step) => step.id);
		expect(intakeProgress(all)).toMatchObject({ completedCount: 9, next: null, complete: true });
	});

	it('ignores ids that are not steps', () => {
		expect(intakeProgress(['retired-step', 'about-you']).completedCount).toBe(1);
	});
});

describe('stepAfter', () => {
	it('goes to the next missing step after the one just saved', () => {
		expect(stepAfter('about-you', [])).toBe('pain');
		expect(stepAfter('pain', ['about-you', 'red-flags'])).toBe('history');
	});

	it('comes back to a skipped step once the end is reached', () => {
		expect(
			stepAfter('baseline', [
				'about-you',
				'red-flags',
				'history',
				'medications',
				'health',
				'pregnancy',
				'goals'
			])
		).toBe('pain');
	});

	it('null when the intake is complete', () => {
		const all = intakeProgress([]).steps.map((step) => step.id);
		expect(stepAfter('goals', all)).toBeNull();
	});
});
