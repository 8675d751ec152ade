/**
 * Counters for operators, rendered in Prometheus' text format at `/api/ws-chat/metrics`.
 * Per server instance, in memory; no labels carry user data.
 */

const FIRST_TEXT_BUCKETS_S = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const DURATION_BUCKETS_S = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

interface Histogram {
  buckets: readonly number[];
  counts: number[];
  sum: number;
  count: number;
}

function createHistogram(buckets: readonly number[]): Histogram {
  return { buckets, counts: buckets.map(() => 0), sum: 0, count: 0 };
}

function observe(histogram: Histogram, value: number): void {
  histogram.sum += value;
  histogram.count += 1;
  histogram.buckets.forEach((bound, index) => {
    if (value <= bound) histogram.counts[index] = (histogram.counts[index] ?? 0) + 1;
  });
}

function renderHistogram(name: string, help: string, histogram: Histogram): string[] {
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} histogram`];
  histogram.buckets.forEach((bound, index) => lines.push(`${name}_bucket{le="${bound}"} ${histogram.counts[index]}`));
  lines.push(`${name}_bucket{le="+Inf"} ${histogram.count}`, `${name}_sum ${histogram.sum.toFixed(3)}`, `${name}_count ${histogram.count}`);
  return lines;
}

export interface StreamEnd {
  outcome: "done" | "error";
  code: string | undefined;
  firstTextMs: number | null;
  durationMs: number;
  bytes: number;
}

export interface ChatMetrics {
  streamStarted(): void;
  streamEnded(end: StreamEnd): void;
  refused(code: string, status: number): void;
  /** A request for the metrics refused: a wrong or missing token, or a client locked out after too many. */
  metricsLoginFailed(reason: "bad_token" | "locked_out"): void;
  render(): string;
}

export function createChatMetrics(): ChatMetrics {
  let active = 0;
  let bytes = 0;
  const streams = new Map<string, number>();
  const refusals = new Map<string, number>();
  const loginFailures = { bad_token: 0, locked_out: 0 };
  const firstText = createHistogram(FIRST_TEXT_BUCKETS_S);
  const duration = createHistogram(DURATION_BUCKETS_S);
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

  return {
    streamStarted() {
      active += 1;
    },
    streamEnded(end) {
      active -= 1;
      bytes += end.bytes;
      bump(streams, `outcome="${end.outcome}",code="${end.code ?? ""}"`);
      if (end.firstTextMs !== null) observe(firstText, end.firstTextMs / 1000);
      observe(duration, end.durationMs / 1000);
    },
    refused(code, status) {
      bump(refusals, `code="${code}",status="${status}"`);
    },
    metricsLoginFailed(reason) {
      loginFailures[reason] += 1;
    },
    render() {
      const lines = [
        "# HELP ws_chat_active_streams Answers streaming now.",
        "# TYPE ws_chat_active_streams gauge",
        `ws_chat_active_streams ${active}`,
        "# HELP ws_chat_streams_total Answers ended, by outcome and error code.",
        "# TYPE ws_chat_streams_total counter",
        ...[...streams].map(([labels, count]) => `ws_chat_streams_total{${labels}} ${count}`),
        "# HELP ws_chat_refusals_total Requests refused before any CreateAI call, by code and status.",
        "# TYPE ws_chat_refusals_total counter",
        ...[...refusals].map(([labels, count]) => `ws_chat_refusals_total{${labels}} ${count}`),
        "# HELP ws_chat_metrics_login_failures_total Refused requests for these metrics: wrong or no token, or locked out after too many.",
        "# TYPE ws_chat_metrics_login_failures_total counter",
        ...Object.entries(loginFailures).map(([reason, count]) => `ws_chat_metrics_login_failures_total{reason="${reason}"} ${count}`),
        "# HELP ws_chat_sent_bytes_total Bytes of answer streams sent to clients.",
        "# TYPE ws_chat_sent_bytes_total counter",
        `ws_chat_sent_bytes_total ${bytes}`,
        ...renderHistogram("ws_chat_time_to_first_text_seconds", "Time from request to the first answer text.", firstText),
        ...renderHistogram("ws_chat_stream_duration_seconds", "Time from request to the end of the answer.", duration),
      ];
      return `${lines.join("\n")}\n`;
    },
  };
}
