import { runtime } from '$lib/server/runtime';
import type { LayoutServerLoad } from './$types';

/** What every page needs whatever the database holds: the public origin for absolute URLs. */
export const load: LayoutServerLoad = () => ({ origin: runtime().config.origin.origin });
