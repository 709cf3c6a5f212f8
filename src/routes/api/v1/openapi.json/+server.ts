import { json } from '@sveltejs/kit';
import { openApiDocument } from '$lib/server/http/openapi';
import { runtime } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = () => json(openApiDocument(runtime().config.origin.origin));
