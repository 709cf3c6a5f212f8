// The header by which the application opts an answer into the shared response cache
// (scripts/lib/response-cache.js, ADR 0026). Plain JavaScript so that scripts/serve.js, which
// runs without a build step, reads the same name as the application.
export const sharedCacheHeader = 'x-clinic-shared-cache';

// The header by which the application tells the cache that a request changed what visitors may
// see (ADR 0039); the cache removes it and forgets its answers. Requests without it (a refused
// form, a sign-in) leave the cache as it was.
export const changeMadeHeader = 'x-clinic-change-made';
