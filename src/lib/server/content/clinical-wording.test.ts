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

describe('the articles’ evidence, as the review corrected it (issue 14, item 17)', () => {
	const back = page('articles/can-acupuncture-help-back-pain.md');
	const headache = page('articles/acupuncture-for-headaches-and-neck-pain.md');

	it('back pain: the Cochrane difference from usual care is small and low certainty, not "modest"', () => {
		expect(back).not.toMatch(/modest short-term benefit|modest, uncertain/);
		expect(back).not.toMatch(/largest recent review/i);
		expect(back).toMatch(/small difference to pain right after treatment, smaller than the change/);
		expect(back).toMatch(/low certainty/);
	});

	it('back pain: cites the 2018 individual patient data meta-analysis with its size and 12 months', () => {
		expect(back).toContain('Acupuncture for chronic pain: update of an individual patient data meta-analysis. J Pain. 2018;19(5):455-474.');
		expect(back).toContain('https://doi.org/10.1016/j.jpain.2017.11.005');
		expect(back).toMatch(/about 20,000 (people|patients)/);
		expect(back).toMatch(/about 15% over the following 12 months/);
	});

	it('the articles count improvement in points only, as the clinic does (ADR 0041)', () => {
		for (const name of ['articles/can-acupuncture-help-back-pain.md', 'articles/what-to-expect-at-your-first-visit.md']) {
			expect(page(name)).not.toMatch(/or about 30%/);
			expect(page(name)).toMatch(/at least 2 points/);
		}
	});

	it('tension-type headache: at least six sessions, not "4 to 6 weeks"', () => {
		expect(headache).not.toMatch(/4 to 6 weeks|4-6 (weeks|sessions)/);
		expect(paragraphStarting(headache, 'A typical pattern')).toMatch(/at least six sessions \[1\]/);
	});

	it('the Cochrane reviews cited are the versions checked (issue 14, item 17)', () => {
		// Each is the newest version we know of; a newer version must be read before it is cited.
		expect(back).toContain('https://doi.org/10.1002/14651858.CD013814"');
		expect(headache).toContain('https://doi.org/10.1002/14651858.CD007587.pub2"');
		expect(headache).toContain('https://doi.org/10.1002/14651858.CD001218.pub3"');
		expect(headache).toContain('https://doi.org/10.1002/14651858.CD004870.pub4"');
	});
});

describe('the evidence as its sources state it (issue 14 item 17)', () => {
	it('back pain: the Cochrane difference is small, low certainty and below clinical relevance, not "modest"', () => {
		const text = page('conditions/back-pain.md');
		expect(text).not.toMatch(/modest/i);
		expect(text).toMatch(/Mu et al\. 2020/);
		expect(text).toMatch(/small difference/);
		expect(text).toMatch(/low certainty/);
		expect(text).toMatch(/below what is usually considered clinically relevant/);
	});

	it('back pain: cites the individual patient data meta-analysis and its 12 months', () => {
		const text = page('conditions/back-pain.md');
		expect(text).toMatch(/Vickers et al\. 2018/);
		expect(text).toContain('https://doi.org/10.1016/j.jpain.2017.11.005');
		expect(text).toMatch(/about 20,000 patients/);
		expect(text).toMatch(/12 months/);
	});

	it.each(files.filter((file) => file.name.startsWith('conditions/')).map((f) => [f.name, f.text]))(
		'%s: no single review or trial is called "the largest"',
		(_name, text) => {
			expect(text).not.toMatch(/\blargest\b/i);
		}
	);

	it('headaches: at least six sessions, as the tension-type headache review says, never 4-6', () => {
		const text = page('conditions/headaches.md');
		expect(text).not.toMatch(/4 to 6|4-6|4–6|four to six/i);
		expect(text).toMatch(/at least six sessions/);
	});

	it.each(files.filter((file) => file.name.startsWith('conditions/')).map((f) => [f.name, f.text]))(
		'%s: every Cochrane review cited is the version we checked as current, and is in its references',
		(_name, text) => {
			const current = [
				'CD013814', // Mu 2020, back pain
				'CD007587.pub2', // Linde 2016, tension-type headache
				'CD001218.pub3', // Linde 2016, migraine
				'CD004870.pub4', // Trinh 2016, neck
				'CD005111.pub3' // Manheimer 2012, IBS
			];
			const [frontMatter = '', body = ''] = text.split(/\n---\n/);
			for (const [, id] of body.matchAll(/14651858\.(CD\d+(?:\.pub\d+)?)/g)) {
				expect(current).toContain(id);
				expect(frontMatter).toContain(`14651858.${id}`);
			}
		}
	);
});
