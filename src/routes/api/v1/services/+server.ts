import { toResponse } from '$lib/server/http/api-response';
import { db } from '$lib/server/runtime';
import { apiServices } from '$lib/server/services/public-api';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async () => toResponse(await apiServices(db()));
