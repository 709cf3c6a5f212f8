import { describe, expect, it } from 'vitest';
import { articleFrontMatter, pageFrontMatter, parseContent, splitFrontMatter } from './front-matter';

describe('splitFrontMatter', () => {
	it('separates YAML from the Markdown body', () => {
		const { data, body } = splitFrontMatter('---\ntitle: Hello\n---\n\n# Body\n');
		expect(data).toEqual({ title: 'Hello' });
		expect(body).toBe('# Body');
	});

	it('treats a document without front matter as all body', () => {
		expect(splitFrontMatter('Just text')).toEqual({ data: {}, body: 'Just text' });
	});
});

describe('parseContent', () => {
	const article = [
		'---',
		'slug: back-pain',
		'title: Can acupuncture help?',
		'description: An honest look at what the research says about acupuncture for low back pain today.',
		'author: mei-lin-okafor',
		'lastReviewed: 2026-11-16',
		'references:',
		'  - text: "Qaseem A, et al. Ann Intern Med. 2017;166:514-530."',
		'    url: https://doi.org/10.7326/M16-2367',
		'---',
		'Body [1].'
	].join('\n');

	it('keeps an unquoted YAML date as a calendar date', () => {
		const { meta } = parseContent('a.md', article, articleFrontMatter);
		expect(meta.lastReviewed).toBe('2026-11-16');
		expect(meta.conditions).toEqual([]);
	});

	it('names the file and the field that is wrong', () => {
		expect(() => parseContent('about.md', '---\ntitle: About\n---\nx', pageFrontMatter)).toThrow(
			/^about\.md: description/
		);
	});

	it('refuses an article without references', () => {
		const withoutReferences = article.replace(/references:[\s\S]*?---/, '---');
		expect(() => parseContent('a.md', withoutReferences, articleFrontMatter)).toThrow(/references/);
	});
});
