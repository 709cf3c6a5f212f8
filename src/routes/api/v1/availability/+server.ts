import { Temporal } from 'temporal-polyfill';
import { toResponse } from '$lib/server/http/api-response';
import { db } from '$lib/server/runtime';
import { apiAvailability } from '$lib/server/services/public-api';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ url }) =>
	toResponse(await apiAvailability(db(), url.searchParams, Temporal.Now.instant()));
