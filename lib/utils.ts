/**
 * Where the Study Coach's routes import `StreamResponse` from (`import { StreamResponse } from
 * '@/lib/utils'`); the class itself lives with the rest of the public API.
 */
export { StreamResponse } from "./createAIWebsocket";
