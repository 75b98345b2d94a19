/**
 * The simulator's inbound route sits behind the API key (it is staff's test phone), so there is
 * no platform signature to check. Kept so every adapter has the same file set.
 */
export function verifySimulatorRequest(): boolean {
  return true;
}
