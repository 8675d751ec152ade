/** `useLayoutEffect` in the browser, `useEffect` on the server, where it would warn and effects never run anyway. */
import { useEffect, useLayoutEffect } from "react";

export const useIsomorphicLayoutEffect = typeof window === "undefined" ? useEffect : useLayoutEffect;
