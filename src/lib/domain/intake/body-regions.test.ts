import { describe, expect, it } from 'vitest';
import {
	bodyFigure,
	bodyMapShapes,
	bodyRegion,
	bodyRegionGroups,
	bodyRegionIds,
	bodyRegions,
	bodyRegionsByGroup,
	includesBack,
	type RegionShape
} from './body-regions';

function box(shape: RegionShape) {
	return shape.kind === 'rect'
		? { left: shape.x, top: shape.y, right: shape.x + shape.width, bottom: shape.y + shape.height }
		: {
				left: shape.cx - shape.rx,
				top: shape.cy - shape.ry,
				right: shape.cx + shape.rx,
				bottom: shape.cy + shape.ry
			};
}

const centreX = (shape: RegionShape) => {
	const { left, right } = box(shape);
	return (left + right) / 2;
};

describe('bodyRegions', () => {
	it('has unique ids and plain, unique labels', () => {
		expect(new Set(bodyRegionIds).size).toBe(bodyRegions.length);
		expect(new Set(bodyRegions.map((region) => region.label)).size).toBe(bodyRegions.length);
		for (const region of bodyRegions) expect(region.label).toMatch(/^[A-Z][a-z ,()]+$/);
	});

	it('covers the back in detail: upper, middle, lower left and right, buttocks', () => {
		const back = bodyRegionsByGroup().find((group) => group.id === 'back');
		expect(back?.regions.map((region) => region.id)).toEqual([
			'upper-back',
			'middle-back',
			'right-lower-back',
			'left-lower-back'
		]);
		expect(bodyRegion('left-buttock')?.shapes[0]?.view).toBe('back');
	});

	it('every shape lies inside the figure and is big enough to see', () => {
		for (const region of bodyRegions) {
			expect(region.shapes.length).toBeGreaterThan(0);
			for (const shape of region.shapes) {
				const { left, top, right, bottom } = box(shape);
				expect(left).toBeGreaterThanOrEqual(0);
				expect(top).toBeGreaterThanOrEqual(0);
				expect(right).toBeLessThanOrEqual(bodyFigure.width);
				expect(bottom).toBeLessThanOrEqual(bodyFigure.height);
				expect(right - left).toBeGreaterThanOrEqual(16);
				expect(bottom - top).toBeGreaterThanOrEqual(16);
			}
		}
	});

	it('no two regions overlap on the same figure, so a tap means one region', () => {
		for (const view of ['front', 'back'] as const) {
			const shapes = bodyMapShapes(view);
			for (let i = 0; i < shapes.length; i++) {
				for (let j = i + 1; j < shapes.length; j++) {
					const a = box(shapes[i]!.shape);
					const b = box(shapes[j]!.shape);
					const overlap =
						Math.min(a.right, b.right) > Math.max(a.left, b.left) &&
						Math.min(a.bottom, b.bottom) > Math.max(a.top, b.top);
					expect(overlap, `${shapes[i]!.regionId} and ${shapes[j]!.regionId} on ${view}`).toBe(
						false
					);
				}
			}
		}
	});

	it("puts the patient's right on the viewer's left from the front and on the right from behind", () => {
		const shoulder = bodyRegion('right-shoulder');
		const front = shoulder?.shapes.find((shape) => shape.view === 'front');
		const back = shoulder?.shapes.find((shape) => shape.view === 'back');
		expect(front && centreX(front)).toBeLessThan(bodyFigure.width / 2);
		expect(back && centreX(back)).toBeGreaterThan(bodyFigure.width / 2);
		const lowerBack = bodyRegion('right-lower-back')?.shapes[0];
		expect(lowerBack && centreX(lowerBack)).toBeGreaterThan(bodyFigure.width / 2);
	});

	it('left and right regions mirror each other', () => {
		for (const region of bodyRegions.filter((candidate) => candidate.id.startsWith('right-'))) {
			const twin = bodyRegion(region.id.replace(/^right-/, 'left-'));
			expect(twin, region.id).toBeDefined();
			region.shapes.forEach((shape, index) => {
				const other = twin?.shapes[index];
				expect(other?.view).toBe(shape.view);
				expect(other && centreX(other)).toBeCloseTo(bodyFigure.width - centreX(shape));
			});
		}
	});

	it('groups list every region once, under a heading', () => {
		const grouped = bodyRegionsByGroup();
		expect(grouped.map((group) => group.label)).toEqual(
			bodyRegionGroups.map((group) => group.label)
		);
		expect(grouped.flatMap((group) => group.regions).length).toBe(bodyRegions.length);
		for (const group of grouped) expect(group.regions.length).toBeGreaterThan(0);
	});

	it('draws joints and limbs on both figures and the back only on the back', () => {
		expect(bodyMapShapes('front').filter((shape) => shape.regionId === 'left-knee')).toHaveLength(
			1
		);
		expect(bodyMapShapes('back').filter((shape) => shape.regionId === 'left-knee')).toHaveLength(1);
		expect(bodyMapShapes('front').some((shape) => shape.regionId === 'middle-back')).toBe(false);
	});
});

describe('includesBack', () => {
	it('is true when any back region is chosen', () => {
		expect(includesBack(['left-knee', 'right-lower-back'])).toBe(true);
		expect(includesBack(['left-knee', 'made-up'])).toBe(false);
		expect(includesBack([])).toBe(false);
	});
});
