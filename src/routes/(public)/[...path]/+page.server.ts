import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

// Unknown addresses land here rather than on the bare root error page, so the friendly 404
// keeps the site's header, footer and Book and Call links.
export const load: PageServerLoad = () => error(404, 'Not found');
