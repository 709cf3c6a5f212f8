import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bodyRegionIds } from '$lib/domain/intake/body-regions';

// The body map mirrors the ticked list before saving through a stylesheet rule per region:
// a region added to the domain must get its rule, or the map would silently stop following.
describe('the body map stylesheet', () => {
	// Whitespace folded: Prettier wraps the longer selectors.
	const css = readFileSync(new URL('../../../app.css', import.meta.url), 'utf8').replace(
		/\s+/g,
		' '
	);

	it('shades every region when its box in the list is ticked', () => {
		for (const id of bodyRegionIds) {
			expect(css, id).toContain(
				`.intake-form:has(input[name='regions'][value='${id}']:checked) .region-${id}`
			);
		}
	});
});
