/** The real `redis-server` the tests start: the same helper the benchmark and the soak use. */
export * from "../../scripts/lib/redis-server";
