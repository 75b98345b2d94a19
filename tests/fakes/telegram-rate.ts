/** The fake Bot API's flood control: a token bucket over every sendMessage, like Telegram's ~30/s. */
export interface Rate {
  /** Messages allowed per `perMs`, and the burst size. */
  max: number;
  perMs: number;
}

export class TokenBucket {
  private tokens: number;
  private refilledAt = Date.now();

  constructor(private readonly rate: Rate) {
    this.tokens = rate.max;
  }

  /** Undefined when the call may go; else Telegram's `retry_after`, in whole seconds (≥ 1). */
  take(now = Date.now()): number | undefined {
    const { max, perMs } = this.rate;
    this.tokens = Math.min(max, this.tokens + ((now - this.refilledAt) * max) / perMs);
    this.refilledAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return undefined;
    }
    const waitMs = max > 0 ? ((1 - this.tokens) * perMs) / max : perMs;
    return Math.max(1, Math.ceil(waitMs / 1000));
  }
}
