import { describe, expect, it } from 'vitest';
import { workspacePagesFor } from './workspace-map';

const hrefs = (role: string) => workspacePagesFor({ role }).map((entry) => entry.href);

describe('workspacePagesFor', () => {
	it('shows the owner every page', () => {
		expect(hrefs('owner')).toContain('/admin/audit');
		expect(hrefs('owner')).toContain('/admin/emergency-access');
	});

	it('shows the front desk the day’s work and nothing they would be refused', () => {
		expect(hrefs('front_desk')).toEqual([
			'/admin/calendar',
			'/admin/book',
			'/admin/patients',
			'/admin/testimonials'
		]);
	});

	it('shows nothing to an unknown role', () => {
		expect(hrefs('visitor')).toEqual([]);
	});
});
