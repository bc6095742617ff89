/**
 * @module The JSON API described: an OpenAPI 3.1 document (document.ts), served with a readable
 * page (routes.ts). test/openapi keeps the document true to the routes.
 */
export { openApiRoutes } from './routes.js';
export { openApiDocument } from './document.js';
