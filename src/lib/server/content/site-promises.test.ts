import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * Every promise the public site makes, against the feature that keeps it (issue 14, item 18;
 * hazard H18 in docs/clinical/hazard-log.md). A sentence that promises something no feature
 * backs fails here: add the feature first, or do not promise it.
 */
const projectRoot = join(import.meta.dirname, '../../../..');

function filesUnder(folder: string, extension: string): string[] {
	return readdirSync(folder).flatMap((name) => {
		const path = join(folder, name);
		if (statSync(path).isDirectory()) return filesUnder(path, extension);
		return path.endsWith(extension) ? [path] : [];
	});
}

const publicText = [
	...filesUnder(join(projectRoot, 'content'), '.md'),
	...filesUnder(join(projectRoot, 'src/routes/(public)'), '.svelte')
].map((path) => ({ path: path.slice(projectRoot.length + 1), text: readFileSync(path, 'utf8') }));

const source = (path: string) => readFileSync(join(projectRoot, path), 'utf8');

interface Promise_ {
	what: string;
	/** Words that make the promise. */
	pattern: RegExp;
	/** The feature that keeps it, checked in the code; null: nothing keeps it yet. */
	keptBy: null | { feature: string; check: () => boolean };
}

const promises: Promise_[] = [
	{
		what: 'a receipt or superbill for an insurer',
		pattern: /\b(?:receipts?|superbills?)\b[^.]*\b(?:insur|claim)|\binsurer\b[^.]*\breceipt/i,
		// Billing (issue 17) will make them; until then no page may offer one.
		keptBy: null
	},
	{
		what: 'appointment reminders',
		pattern: /\breminders?\b/i,
		keptBy: {
			feature: 'the reminder email queued with every booking (appointment-emails.ts)',
			check: () => /'reminder'/.test(source('src/lib/server/services/appointment-emails.ts'))
		}
	},
	{
		what: 'reminders or messages by text (SMS)',
		pattern: /\b(?:text messages?|SMS|we(?:'ll| will) text you)\b/i,
		// Text messages are issue 19.
		keptBy: null
	},
	{
		what: 'a call back',
		pattern: /\bcall you back\b/i,
		keptBy: {
			feature: 'the staff read the contact page’s messages and call: the clinic’s phone is on every page',
			check: () => /phone/.test(source('src/routes/(public)/(site)/contact/+page.svelte'))
		}
	}
];

describe('the site promises only what a feature keeps', () => {
	for (const promise of promises) {
		const makers = publicText.filter((file) => promise.pattern.test(file.text));
		if (promise.keptBy === null) {
			it(`no page promises ${promise.what}, which nothing keeps yet`, () => {
				expect(makers.map((file) => file.path)).toEqual([]);
			});
		} else {
			const keptBy = promise.keptBy;
			it(`${promise.what} (${makers.length} pages) are kept by ${keptBy.feature}`, () => {
				expect(keptBy.check()).toBe(true);
			});
		}
	}

	it('the old receipt promise is gone from the services page', () => {
		expect(source('src/routes/(public)/(site)/services/+page.svelte')).not.toMatch(
			/receipt with the details your insurer asks for/
		);
	});
});
