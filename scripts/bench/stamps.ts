/**
 * Reads the send stamps out of an answer's text as it arrives, wherever the transport split it.
 * Every `/bench` chunk is `<t=MS>xxxx…`, exactly `size` characters long, so the k-th stamp must
 * start at offset k × size: that position check proves the chunks arrived whole, in order, with
 * nothing added or lost, without keeping the text.
 */

const STAMP_OPEN = "<t=";

export class StampScanner {
  /** Arrival minus send time of each chunk, in ms, in order. */
  readonly latencies: number[] = [];
  /** Send time of each chunk (bench clock), in order. */
  readonly sentAt: number[] = [];
  /** Arrival time (bench clock) of the first stamped chunk; NaN until then. */
  firstArrival = Number.NaN;
  /** Stamps found at an offset other than k × size. */
  misplaced = 0;
  private fed = 0;
  private carry = "";

  constructor(private readonly chunkSize: number) {}

  /** Characters of answer text fed so far. */
  get chars(): number {
    return this.fed;
  }

  get stamps(): number {
    return this.latencies.length;
  }

  /** True when exactly `chunks` chunks of the expected size arrived, in order. */
  isExactly(chunks: number): boolean {
    return this.stamps === chunks && this.misplaced === 0 && this.fed === chunks * this.chunkSize && this.carry === "";
  }

  /** Feeds the next piece of answer text, which reached the reader at `arrival`. */
  feed(text: string, arrival: number): void {
    const base = this.fed - this.carry.length;
    const joined = this.carry === "" ? text : this.carry + text;
    this.fed += text.length;
    this.carry = "";
    let from = 0;
    for (;;) {
      const at = joined.indexOf(STAMP_OPEN, from);
      if (at === -1) {
        // Keep a "<" or "<t" at the very end: it may be the start of a stamp split in two.
        const tail = joined.endsWith("<t") ? 2 : joined.endsWith("<") ? 1 : 0;
        if (tail > 0) this.carry = joined.slice(joined.length - tail);
        return;
      }
      const close = joined.indexOf(">", at + STAMP_OPEN.length);
      if (close === -1) {
        this.carry = joined.slice(at);
        return;
      }
      this.record(base + at, Number(joined.slice(at + STAMP_OPEN.length, close)), arrival);
      from = close + 1;
    }
  }

  private record(offset: number, sentAt: number, arrival: number): void {
    if (offset !== this.latencies.length * this.chunkSize || !Number.isFinite(sentAt)) this.misplaced += 1;
    if (this.latencies.length === 0) this.firstArrival = arrival;
    this.latencies.push(arrival - sentAt);
    this.sentAt.push(sentAt);
  }
}
