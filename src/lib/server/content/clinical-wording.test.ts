import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * Words the clinical review (issue 14) found wrong in the shipped content; each check fails on
 * the old words. docs/clinical/hazard-log.md names these tests.
 */
const root = join(import.meta.dirname, '../../../../content');
const files = ['articles', 'conditions', 'pages'].flatMap((folder) =>
	readdirSync(join(root, folder))
		.filter((name) => name.endsWith('.md'))
		.map((name) => ({ name: `${folder}/${name}`, text: readFileSync(join(root, folder, name), 'utf8') }))
);
const page = (name: string) => {
	const found = files.find((file) => file.name === name);
	if (!found) throw new Error(`no ${name}`);
	return found.text;
};
/** The paragraph that starts with a bold lead, e.g. "**Call 911". */
const paragraphStarting = (text: string, lead: string) =>
	text.split(/\n\s*\n/).find((paragraph) => paragraph.trim().startsWith(lead)) ?? '';

describe('the words patients read', () => {
	it.each(files.map((file) => [file.name, file.text]))(
		'%s: no British or jargon words for the body or medicines',
		(_name, text) => {
			expect(text).not.toMatch(/back passage|biologics?\b/i);
		}
	);

	it('neck pain: a fever with a stiff neck is an emergency and a fever is the same day, not "soon"', () => {
		const text = page('conditions/neck-pain.md');
		expect(paragraphStarting(text, '**Call 911')).toMatch(/fever and a stiff neck/);
		expect(paragraphStarting(text, '**See a doctor or urgent care today')).toMatch(/fever/);
		expect(paragraphStarting(text, '**See your doctor within days')).not.toMatch(/fever/);
		expect(text).not.toMatch(/See your doctor soon, before acupuncture,\*\* if you have a fever/);
	});

	it('back pain: the aorta is an emergency and a cancer history with night pain is the same day', () => {
		const text = page('conditions/back-pain.md');
		expect(paragraphStarting(text, '**Call 911')).toMatch(/belly or chest/);
		expect(paragraphStarting(text, '**See a doctor or urgent care today')).toMatch(
			/had cancer and the pain is constant/
		);
		expect(paragraphStarting(text, '**See a doctor or urgent care today')).toMatch(/65 or older/);
		// The check's history questions have no "since your back pain began" lead-in.
		expect(text).not.toMatch(/each starting with "Since your back pain began/);
	});

	it('headaches: jaw pain on chewing over 50 is the same day', () => {
		expect(paragraphStarting(page('conditions/headaches.md'), '**See a doctor or urgent care today')).toMatch(
			/jaw when you chew/
		);
	});
});
