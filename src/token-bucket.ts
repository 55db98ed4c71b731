/**
 * A token bucket: at most `ratePerSecond` calls per second on average, with
 * bursts up to `burst`. One bucket per CRM account, shared by everything that
 * calls it, so a full sync never trips the CRM's own limit by itself; one per
 * bot for what the outbox sends to Telegram. Waits use real time (the other
 * side's limiter runs on real time too).
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly ratePerSecond: number,
    // A burst of 1 spaces calls evenly: a CRM counting over any sliding second then never sees more than the rate.
    private readonly burst: number = 1,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(ratePerSecond > 0) || !(burst >= 1)) throw new Error(`token bucket: rate ${ratePerSecond}/s and burst ${burst} must be positive`);
    this.tokens = burst;
    this.last = this.now();
  }

  /**
   * A bucket that stays inside the other side's own limit (a CRM's, Telegram's):
   * 5 % under its rate and a tenth of its burst spare. Calls spaced exactly at
   * the limit earn a refusal whenever the network bunches two of them, and
   * other apps may share the CRM's counter.
   *
   * A limit with no burst of its own (amoCRM's "N requests per second") still
   * admits half the margin as one: with a burst of 2.5 % of the rate, no
   * second ever holds more than 0.975·r, and the rest is left for calls that
   * a busy process or the network bunches on their way (with the whole margin
   * as a burst, the bench met one 429 in 13 000 calls). The burst lets a sync
   * catch up on a turn its timer missed while the process was busy writing a
   * page; with a burst of 1 that turn is lost for good. At amoCRM's 7 per
   * second it stays 1.
   */
  static under(limit: { ratePerSecond: number; burst?: number }): TokenBucket {
    const burst = limit.burst === undefined ? limit.ratePerSecond * 0.025 : limit.burst * 0.9;
    return new TokenBucket(limit.ratePerSecond * 0.95, Math.max(1, Math.floor(burst)));
  }

  /**
   * Resolves when the caller may make one call. Callers are served in order.
   * A caller that gave up (`signal` aborted) before its turn takes no token:
   * pages read ahead and then not needed do not delay the calls behind them.
   */
  take(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.waitForToken(signal));
    this.queue = turn;
    return turn;
  }

  /** Empties the bucket, e.g. after the CRM answered 429: the next calls wait a full refill. */
  drain(): void {
    this.tokens = 0;
    this.last = this.now();
  }

  private async waitForToken(signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      if (signal?.aborted) return;
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      const waitMs = ((1 - this.tokens) / this.ratePerSecond) * 1000;
      await new Promise((resolve) => setTimeout(resolve, Math.ceil(waitMs)));
    }
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
    this.last = now;
  }
}
