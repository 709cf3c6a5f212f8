/*
 * Where it hurts: the regions of a simple body map, drawn on a front and a back figure. The
 * same list drives the SVG map (tap a region) and its equivalent for keyboard and screen
 * reader users (a group of checkboxes with the same labels), so the two can never disagree.
 * The checkbox list is the primary control; the map is a picture of it, which is also why small
 * regions are acceptable on the map (WCAG 2.5.8 allows a target when an equivalent control
 * meets the size).
 *
 * Geometry is deliberately plain rectangles and ellipses on one 200 x 440 figure. On the front
 * figure the patient's right side is on the viewer's left; on the back figure it is on the
 * viewer's right, as when you look at someone from behind.
 */

/** Which figure a shape is drawn on. */
export type BodyView = 'front' | 'back';

export type RegionShape =
	| { view: BodyView; kind: 'rect'; x: number; y: number; width: number; height: number }
	| { view: BodyView; kind: 'ellipse'; cx: number; cy: number; rx: number; ry: number };

/** Headings for the checkbox list, in the order they are shown. */
export const bodyRegionGroups = [
	{ id: 'head-neck', label: 'Head and neck' },
	{ id: 'back', label: 'Back' },
	{ id: 'shoulders-arms', label: 'Shoulders, arms and hands' },
	{ id: 'chest-belly', label: 'Chest and belly' },
	{ id: 'hips-legs', label: 'Hips, legs and feet' }
] as const;

export type BodyRegionGroup = (typeof bodyRegionGroups)[number]['id'];

export interface BodyRegion {
	id: string;
	/** A plain label, the same on the map (as its title) and in the list. */
	label: string;
	group: BodyRegionGroup;
	/** One shape per figure the region shows on: the back of a knee and its front are one region. */
	shapes: readonly RegionShape[];
}

/** The figure both views are drawn on. */
export const bodyFigure = {
	width: 200,
	height: 440,
	viewBox: '0 0 200 440',
	views: [
		{ id: 'front', label: 'Front of the body' },
		{ id: 'back', label: 'Back of the body' }
	]
} as const satisfies {
	width: number;
	height: number;
	viewBox: string;
	views: readonly { id: BodyView; label: string }[];
};

type Side = 'right' | 'left';

/** Rectangles are given as seen on the front for the patient's right side; this places them. */
function sideRect(
	view: BodyView,
	side: Side,
	x: number,
	y: number,
	width: number,
	height: number
): RegionShape {
	// Viewer's left is the patient's right on the front and the patient's left on the back.
	const onViewersLeft = (view === 'front') === (side === 'right');
	return {
		view,
		kind: 'rect',
		x: onViewersLeft ? x : bodyFigure.width - x - width,
		y,
		width,
		height
	};
}

function sideEllipse(
	view: BodyView,
	side: Side,
	cx: number,
	cy: number,
	rx: number,
	ry: number
): RegionShape {
	const onViewersLeft = (view === 'front') === (side === 'right');
	return {
		view,
		kind: 'ellipse',
		cx: onViewersLeft ? cx : bodyFigure.width - cx,
		cy,
		rx,
		ry
	};
}

function rect(view: BodyView, x: number, y: number, width: number, height: number): RegionShape {
	return { view, kind: 'rect', x, y, width, height };
}

const bothViews: readonly BodyView[] = ['front', 'back'];

function paired(
	id: string,
	label: (side: string) => string,
	group: BodyRegionGroup,
	shapes: (side: Side) => RegionShape[]
): BodyRegion[] {
	return (['right', 'left'] as const).map((side) => ({
		id: `${side}-${id}`,
		label: label(side),
		group,
		shapes: shapes(side)
	}));
}

/** Every region, head to toe, right before left. */
export const bodyRegions: readonly BodyRegion[] = [
	{
		id: 'head',
		label: 'Head',
		group: 'head-neck',
		shapes: bothViews.map((view) => ({ view, kind: 'ellipse', cx: 100, cy: 36, rx: 24, ry: 28 }))
	},
	{
		id: 'neck',
		label: 'Neck',
		group: 'head-neck',
		shapes: bothViews.map((view) => rect(view, 88, 64, 24, 16))
	},
	...paired(
		'shoulder',
		(side) => `${capitalize(side)} shoulder`,
		'shoulders-arms',
		(side) => bothViews.map((view) => sideRect(view, side, 40, 80, 24, 24))
	),
	{
		id: 'upper-back',
		label: 'Upper back, between the shoulder blades',
		group: 'back',
		shapes: [rect('back', 64, 80, 72, 44)]
	},
	{
		id: 'middle-back',
		label: 'Middle back',
		group: 'back',
		shapes: [rect('back', 64, 124, 72, 36)]
	},
	...paired(
		'lower-back',
		(side) => `Lower back, ${side} side`,
		'back',
		(side) => [sideRect('back', side, 64, 160, 36, 40)]
	),
	...paired(
		'buttock',
		(side) => `${capitalize(side)} buttock`,
		'hips-legs',
		(side) => [sideRect('back', side, 64, 200, 36, 40)]
	),
	{ id: 'chest', label: 'Chest', group: 'chest-belly', shapes: [rect('front', 64, 80, 72, 60)] },
	{
		id: 'belly',
		label: 'Belly (abdomen)',
		group: 'chest-belly',
		shapes: [rect('front', 64, 140, 72, 50)]
	},
	{
		id: 'groin-hips',
		label: 'Groin and front of the hips',
		group: 'hips-legs',
		shapes: [rect('front', 64, 190, 72, 30)]
	},
	...paired(
		'arm',
		(side) => `${capitalize(side)} arm and elbow`,
		'shoulders-arms',
		(side) => bothViews.map((view) => sideRect(view, side, 40, 104, 22, 126))
	),
	...paired(
		'hand',
		(side) => `${capitalize(side)} hand and wrist`,
		'shoulders-arms',
		(side) => bothViews.map((view) => sideEllipse(view, side, 51, 244, 11, 14))
	),
	...paired(
		'thigh-front',
		(side) => `Front of the ${side} thigh`,
		'hips-legs',
		(side) => [sideRect('front', side, 66, 220, 32, 90)]
	),
	...paired(
		'thigh-back',
		(side) => `Back of the ${side} thigh`,
		'hips-legs',
		(side) => [sideRect('back', side, 66, 240, 32, 70)]
	),
	...paired(
		'knee',
		(side) => `${capitalize(side)} knee`,
		'hips-legs',
		(side) => bothViews.map((view) => sideRect(view, side, 66, 310, 32, 28))
	),
	...paired(
		'shin',
		(side) => `${capitalize(side)} shin`,
		'hips-legs',
		(side) => [sideRect('front', side, 68, 338, 28, 70)]
	),
	...paired(
		'calf',
		(side) => `${capitalize(side)} calf`,
		'hips-legs',
		(side) => [sideRect('back', side, 68, 338, 28, 70)]
	),
	...paired(
		'foot',
		(side) => `${capitalize(side)} foot and ankle`,
		'hips-legs',
		(side) => bothViews.map((view) => sideEllipse(view, side, 82, 420, 16, 10))
	)
];

/** Region ids, for validating a posted list. */
export const bodyRegionIds = bodyRegions.map((region) => region.id) as [string, ...string[]];

const byId = new Map(bodyRegions.map((region) => [region.id, region]));

/** A region by id, or undefined for an id that is not on the map. */
export function bodyRegion(id: string): BodyRegion | undefined {
	return byId.get(id);
}

/**
 * The regions in list order grouped under their headings, for the checkbox list (each group a
 * fieldset with a legend).
 */
export function bodyRegionsByGroup(): {
	id: BodyRegionGroup;
	label: string;
	regions: BodyRegion[];
}[] {
	return bodyRegionGroups.map((group) => ({
		...group,
		regions: bodyRegions.filter((region) => region.group === group.id)
	}));
}

/** The shapes to draw on one figure, each with its region's id and label. */
export function bodyMapShapes(
	view: BodyView
): { regionId: string; label: string; shape: RegionShape }[] {
	return bodyRegions.flatMap((region) =>
		region.shapes
			.filter((shape) => shape.view === view)
			.map((shape) => ({ regionId: region.id, label: region.label, shape }))
	);
}

/** Whether a set of regions includes any part of the back (for the red-flag questions). */
export function includesBack(regionIds: Iterable<string>): boolean {
	for (const id of regionIds) {
		if (byId.get(id)?.group === 'back') return true;
	}
	return false;
}

function capitalize(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}
