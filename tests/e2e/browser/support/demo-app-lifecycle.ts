/**
 * The lifecycle every browser test file shares, registered in the calling `describe`: one app
 * for the file, the healthy stand-in back after each test, and each test's pages checked for
 * errors and closed.
 */
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { startDemoApp, type DemoApp, type DemoPage } from "./demo-app";

export interface DemoAppSession {
  /** The running app; only valid inside tests and hooks. */
  app(): DemoApp;
  /** Opens a page that is checked for errors and closed after the test. */
  openPage(options?: Parameters<DemoApp["openPage"]>[0]): Promise<DemoPage>;
}

export function setUpDemoApp(): DemoAppSession {
  let app: DemoApp | undefined;
  let open: DemoPage[] = [];

  beforeAll(async () => {
    app = await startDemoApp();
  });
  afterEach(async () => {
    // A test that swapped in a faulty stand-in and failed must not break the ones after it.
    if (app && app.standin().fault !== "none") await app.swapStandin("none");
  });
  afterAll(async () => {
    await app?.close();
  });
  afterEach(async () => {
    for (const demo of open) {
      expect(demo.errors, "errors in the page").toEqual([]);
      await demo.page.close();
    }
    open = [];
  });

  function started(): DemoApp {
    if (app === undefined) throw new Error("the demo app is not running (setUpDemoApp's beforeAll failed or has not run)");
    return app;
  }

  return {
    app: started,
    async openPage(options) {
      const demo = await started().openPage(options);
      open.push(demo);
      return demo;
    },
  };
}
