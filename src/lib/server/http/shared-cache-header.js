// The header by which the application opts an answer into the shared response cache
// (scripts/lib/response-cache.js, ADR 0026). Plain JavaScript so that scripts/serve.js, which
// runs without a build step, reads the same name as the application.
export const sharedCacheHeader = 'x-clinic-shared-cache';
