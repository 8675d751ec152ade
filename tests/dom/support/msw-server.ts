/** One msw server for the dom tests; each test installs the handlers it needs. */
import { setupServer } from "msw/node";

export const server = setupServer();
